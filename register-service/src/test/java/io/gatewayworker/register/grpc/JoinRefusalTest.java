package io.gatewayworker.register.grpc;

import static io.gatewayworker.register.support.RegisterCalls.announce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.StatusRequest;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.register.support.Recorder;
import io.gatewayworker.register.support.RegisterCalls;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class JoinRefusalTest {

    @Inject
    Membership membership;
    @Inject
    MeterRegistry meters;

    private final RegisterCalls calls = new RegisterCalls();

    @AfterEach
    void closeCalls() {
        calls.close();
    }

    @Test
    void aWrongOrMissingSecretIsUnauthenticatedOnEveryCallAndChangesNothing() {
        double failuresBefore = meters.get("gw.register.auth.failures").counter().count();

        for (String secret : new String[] { "wrong-secret", null }) {
            ManagedChannel channel = calls.channel(secret);
            String id = RegisterCalls.gatewayId();

            RegisterCalls.Join join = calls.join(channel, announce(id, "10.2.0.1:2900", 30));
            Status joinEnd = join.replies().awaitEnd();
            Status watchEnd = calls.watch(channel, "w-impostor", "worker").awaitEnd();
            StatusRuntimeException status = assertThrows(StatusRuntimeException.class,
                    () -> RegisterGrpc.newBlockingStub(channel).status(StatusRequest.getDefaultInstance()));

            assertEquals(Status.Code.UNAUTHENTICATED, joinEnd.getCode());
            assertEquals("missing or wrong cluster secret", joinEnd.getDescription());
            assertTrue(join.replies().items().isEmpty());
            assertEquals(Status.Code.UNAUTHENTICATED, watchEnd.getCode());
            assertEquals(Status.Code.UNAUTHENTICATED, status.getStatus().getCode());
            assertFalse(membership.gateways().stream().anyMatch(gateway -> gateway.id().equals(id)));
        }

        assertFalse(membership.watchers().stream().anyMatch(watcher -> watcher.id().equals("w-impostor")));
        assertEquals(failuresBefore + 6, meters.get("gw.register.auth.failures").counter().count());
    }

    @Test
    void aFirstMessageThatIsNotAnAnnounceIsInvalid() {
        RegisterCalls.Join join = calls.join(calls.channel(), RegisterCalls.renew(1));

        Status end = join.replies().awaitEnd();

        assertEquals(Status.Code.INVALID_ARGUMENT, end.getCode());
        assertTrue(end.getDescription().contains("first message of a Join stream must be an announce"),
                end.getDescription());
        assertTrue(join.replies().items().isEmpty());
    }

    @Test
    void anEmptyIdOrAddressIsInvalid() {
        Status noId = calls.join("", "10.2.0.2:2900", 30).replies().awaitEnd();
        Status noAddress = calls.join(RegisterCalls.gatewayId(), "", 30).replies().awaitEnd();

        assertEquals(Status.Code.INVALID_ARGUMENT, noId.getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, noAddress.getCode());
        assertTrue(noAddress.getDescription().contains("address"), noAddress.getDescription());
    }

    @Test
    void aGatewayIdThatIsAlreadyALiveMemberIsRefusedAndTheMemberStays() {
        Recorder<ClusterView> views = calls.watch("w-duplicate");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join first = calls.join(id, "10.2.0.3:2900", 30);
        first.replies().awaitItem(JoinReply::hasAccepted);
        views.awaitItem(view -> RegisterCalls.is(view, ClusterView.Kind.JOINED, id));

        Status duplicate = calls.join(id, "10.2.0.4:2900", 30).replies().awaitEnd();

        assertEquals(Status.Code.ALREADY_EXISTS, duplicate.getCode());
        assertTrue(duplicate.getDescription().contains(id), duplicate.getDescription());
        assertNull(first.replies().end());
        assertTrue(membership.gateways().stream()
                .anyMatch(gateway -> gateway.id().equals(id) && gateway.address().equals("10.2.0.3:2900")));
        assertEquals(1, views.items().stream()
                .filter(view -> RegisterCalls.is(view, ClusterView.Kind.JOINED, id)).count());
    }

    @Test
    void aSecondAnnounceOnTheSameStreamIsInvalidAndTheGatewayLeaves() {
        Recorder<ClusterView> views = calls.watch("w-reannounce");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join join = calls.join(id, "10.2.0.5:2900", 30);
        join.replies().awaitItem(JoinReply::hasAccepted);

        join.send(announce(id, "10.2.0.5:2900", 30));

        assertEquals(Status.Code.INVALID_ARGUMENT, join.replies().awaitEnd().getCode());
        views.awaitItem(view -> RegisterCalls.is(view, ClusterView.Kind.LEFT, id));
    }
}
