package io.gatewayworker.support.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/** {@link Channels} against a plain grpc-netty server set up by {@link ServerTls}. */
class InternalTlsTest {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Echo/Say")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    private static TestPki pki;
    private static TestPki.Issued server;
    private static TestPki.Issued client;

    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void issue() {
        pki = TestPki.create();
        server = pki.issue(TlsSettings.DEFAULT_SERVER_NAME);
        client = pki.issue("worker-1");
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(Server::shutdownNow);
    }

    @Test
    void aClientTrustingTheCaTalksToATlsServerAddressedByIp() {
        int port = serve(pki.settings(server));

        assertEquals("hello", say(port, TlsSettings.trusting(pki.ca())));
    }

    @Test
    void aPlaintextClientCannotTalkToATlsServer() {
        int port = serve(pki.settings(server));

        assertEquals(Status.Code.UNAVAILABLE, refusal(port, TlsSettings.PLAINTEXT));
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() {
        int port = serve(pki.settings(server));

        assertEquals(Status.Code.UNAVAILABLE, refusal(port, TlsSettings.trusting(TestPki.create().ca())));
    }

    @Test
    void aServerCertificateWithoutTheExpectedNameIsRefused() {
        int port = serve(pki.settings(pki.issue("somebody-else")));

        assertEquals(Status.Code.UNAVAILABLE, refusal(port, TlsSettings.trusting(pki.ca())));
    }

    @Test
    void theServerNameIsConfigurable() {
        int port = serve(pki.settings(pki.issue("gw.internal.example")));

        assertEquals("hello", say(port, TlsSettings.trusting(pki.ca()).withServerName("gw.internal.example")));
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificateAndAcceptsOneSignedByTheCa() {
        int port = serve(pki.settings(server).requiringClientCertificates());

        assertEquals(Status.Code.UNAVAILABLE, refusal(port, TlsSettings.trusting(pki.ca())));
        assertEquals("hello", say(port, pki.settings(client)));
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherCa() {
        int port = serve(pki.settings(server).requiringClientCertificates());
        TestPki other = TestPki.create();
        TestPki.Issued stranger = other.issue("worker-1");

        TlsSettings strangerSettings = TlsSettings.trusting(pki.ca())
                .withCertificate(stranger.certificate(), stranger.key());
        assertEquals(Status.Code.UNAVAILABLE, refusal(port, strangerSettings));
    }

    @Test
    void incompleteSettingsNameTheVariableToSet() {
        TlsSettings noCertificate = TlsSettings.trusting(pki.ca());
        TlsSettings mutualWithoutCa = new TlsSettings(true, java.util.Optional.of(server.certificate()),
                java.util.Optional.of(server.key()), java.util.Optional.empty(), true, "x");
        TlsSettings missingFile = TlsSettings.trusting(Path.of("/nonexistent/ca.pem"));

        assertMessage("GW_TLS_CERT", () -> noCertificate.requireUsable(true));
        assertMessage("GW_TLS_CA", () -> mutualWithoutCa.requireUsable(true));
        assertMessage("GW_TLS_CA", () -> missingFile.requireUsable(false));
        assertEquals(noCertificate, noCertificate.requireUsable(false));
        assertEquals(TlsSettings.PLAINTEXT, TlsSettings.PLAINTEXT.requireUsable(true));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable check) {
        IllegalStateException failure = assertThrows(IllegalStateException.class, check);
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
    }

    private int serve(TlsSettings tls) {
        NettyServerBuilder builder = NettyServerBuilder.forPort(0).addService(ServerServiceDefinition
                .builder("test.Echo").addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(request);
                    reply.onCompleted();
                })).build());
        ServerTls.apply(tls, builder);
        try {
            Server started = builder.build().start();
            servers.add(started);
            return started.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String say(int port, TlsSettings tls) {
        ManagedChannel channel = Channels.forTarget("127.0.0.1:" + port, tls).build();
        channels.add(channel);
        return ClientCalls.blockingUnaryCall(channel, ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "hello");
    }

    private Status.Code refusal(int port, TlsSettings tls) {
        return assertThrows(StatusRuntimeException.class, () -> say(port, tls)).getStatus().getCode();
    }
}
