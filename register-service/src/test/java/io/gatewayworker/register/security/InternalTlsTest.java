package io.gatewayworker.register.security;

import static io.gatewayworker.register.support.RegisterCalls.announce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.StatusRequest;
import io.gatewayworker.register.support.RegisterCalls;
import io.gatewayworker.support.tls.TestPki;
import io.gatewayworker.support.tls.TlsSettings;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The register's gRPC server with mutual TLS switched on through the GW_TLS_* variables. */
@QuarkusTest
@TestProfile(InternalTlsTest.MutualTls.class)
class InternalTlsTest {

    private static final TestPki PKI = TestPki.in(Path.of("target", "internal-tls-pki"));
    private static final TestPki.Issued REGISTER = PKI.issue(TlsSettings.DEFAULT_SERVER_NAME);
    private static final TestPki.Issued GATEWAY = PKI.issue("gateway-1");

    /** GW_TLS_* as the environment would set them: TLS with a client certificate required. */
    public static class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("GW_TLS_ENABLED", "true",
                    "GW_TLS_CERT", REGISTER.certificate().toAbsolutePath().toString(),
                    "GW_TLS_KEY", REGISTER.key().toAbsolutePath().toString(),
                    "GW_TLS_CA", PKI.ca().toAbsolutePath().toString(),
                    "GW_TLS_CLIENT_AUTH", "required");
        }
    }

    private RegisterCalls calls;

    @AfterEach
    void closeCalls() {
        calls.close();
    }

    @Test
    void aClientWithACertificateFromTheCaJoinsAndWatches() {
        calls = new RegisterCalls(PKI.settings(GATEWAY));
        String id = RegisterCalls.gatewayId();

        RegisterCalls.Join join = calls.join(id, "10.9.0.1:2900", 30);

        join.replies().awaitItem(JoinReply::hasAccepted);
        calls.watch("w-tls").awaitItem(view -> RegisterCalls.is(view, ClusterView.Kind.FULL, id));
    }

    @Test
    void aPlaintextClientIsRefused() {
        calls = new RegisterCalls();

        assertEquals(Status.Code.UNAVAILABLE, statusCall(calls.channel()));
    }

    @Test
    void aTlsClientWithoutACertificateIsRefused() {
        calls = new RegisterCalls(TlsSettings.trusting(PKI.ca()));

        assertEquals(Status.Code.UNAVAILABLE, statusCall(calls.channel()));
        assertEquals(Status.Code.UNAVAILABLE,
                calls.join(calls.channel(), announce(RegisterCalls.gatewayId(), "10.9.0.2:2900", 30))
                        .replies().awaitEnd().getCode());
    }

    private static Status.Code statusCall(ManagedChannel channel) {
        return assertThrows(StatusRuntimeException.class, () -> RegisterGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance()))
                .getStatus().getCode();
    }
}
