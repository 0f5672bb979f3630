package io.gatewayworker.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.state.GroupMembership;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.TestConnection;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.GroupChange;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class SecretCheckInterceptorTest extends LiveGatewayTest {

    @Inject
    GroupMembership groups;
    @Inject
    MeterRegistry meters;

    @Test
    void aWrongOrMissingSecretIsUnauthenticatedCountedAndChangesNothing() {
        worker("w-secret", 16);
        TestConnection connection = open(Transport.TCP);
        ExecuteRequest join = ExecuteRequest.newBuilder().addCommands(Command.newBuilder().setJoinGroup(
                GroupChange.newBuilder().setClientId(connection.clientId()).setGroup("room-secret"))).build();
        double failuresBefore = meters.get("gw.gateway.auth.failures").counter().count();

        for (String secret : new String[] { "wrong-secret", null }) {
            ManagedChannel channel = FakeWorker.channel(secret);
            try {
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                        () -> GatewayLinkGrpc.newBlockingStub(channel).execute(join));
                assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
                assertEquals("missing or wrong cluster secret", refused.getStatus().getDescription());
            } finally {
                channel.shutdownNow();
            }
        }

        assertEquals(0, groups.members("room-secret").size());
        assertEquals(failuresBefore + 2, meters.get("gw.gateway.auth.failures").counter().count());
    }

    @Test
    void aWorkerWithAWrongSecretIsNeverAttached() {
        FakeWorker impostor = track(new FakeWorker("wrong-secret"));
        impostor.hello("w-impostor", 16);

        assertEquals(Status.Code.UNAUTHENTICATED, impostor.awaitEnd().getCode());
        assertEquals(0, router.openStreams());
    }

    @Test
    void theRightSecretIsAccepted() {
        ManagedChannel channel = FakeWorker.channel(FakeRegisterResource.SECRET);
        try {
            assertEquals(0, GatewayLinkGrpc.newBlockingStub(channel)
                    .execute(ExecuteRequest.getDefaultInstance()).getErrorsCount());
        } finally {
            channel.shutdownNow();
        }
    }
}
