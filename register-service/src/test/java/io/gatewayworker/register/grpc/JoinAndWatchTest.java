package io.gatewayworker.register.grpc;

import static io.gatewayworker.register.support.RegisterCalls.is;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.register.ClusterStatus;
import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.StatusRequest;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.register.support.Recorder;
import io.gatewayworker.register.support.RegisterCalls;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class JoinAndWatchTest {

    @Inject
    Membership membership;

    private final RegisterCalls calls = new RegisterCalls();

    @AfterEach
    void closeCalls() {
        calls.close();
    }

    @Test
    void aWatcherSeesTheFullViewThenTheJoinOfAGateway() {
        Recorder<ClusterView> views = calls.watch("w-join");
        ClusterView full = views.items().get(0);
        String id = RegisterCalls.gatewayId();

        RegisterCalls.Join join = calls.join(id, "10.1.0.1:2900", 30);

        JoinReply accepted = join.replies().awaitItem(JoinReply::hasAccepted);
        assertEquals(membership.registerId(), accepted.getAccepted().getRegisterId());
        assertEquals(30, accepted.getAccepted().getLeaseSeconds());
        ClusterView joined = views.awaitItem(view -> is(view, ClusterView.Kind.JOINED, id));
        assertEquals(ClusterView.Kind.FULL, full.getKind());
        assertEquals(membership.registerId(), full.getRegisterId());
        assertEquals(membership.registerId(), joined.getRegisterId());
        assertTrue(joined.getVersion() > full.getVersion());
        GatewayInfo gateway = joined.getGateways(0);
        assertEquals("10.1.0.1:2900", gateway.getAddress());
        assertEquals("test", gateway.getLabelsMap().get("zone"));
        assertTrue(gateway.getJoinedAtMs() > 0);
    }

    @Test
    void versionsIncreaseByOneWithEveryChange() {
        Recorder<ClusterView> views = calls.watch("w-versions");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join join = calls.join(id, "10.1.0.2:2900", 30);
        join.replies().awaitItem(JoinReply::hasAccepted);
        join.send(RegisterCalls.renew(4, "w-versions"));
        views.awaitItem(view -> is(view, ClusterView.Kind.UPDATED, id));
        join.requests().onCompleted();
        views.awaitItem(view -> is(view, ClusterView.Kind.LEFT, id));

        List<Long> versions = views.items().stream().map(ClusterView::getVersion).toList();
        for (int i = 1; i < versions.size(); i++) {
            assertEquals(versions.get(i - 1) + 1, versions.get(i), "versions " + versions);
        }
    }

    @Test
    void cancellingTheJoinStreamMakesTheGatewayLeave() {
        Recorder<ClusterView> views = calls.watch("w-cancel");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join join = calls.join(id, "10.1.0.3:2900", 30);
        views.awaitItem(view -> is(view, ClusterView.Kind.JOINED, id));

        join.requests().cancel("gateway stopping", null);

        ClusterView left = views.awaitItem(view -> is(view, ClusterView.Kind.LEFT, id));
        assertEquals("10.1.0.3:2900", left.getGateways(0).getAddress());
        assertFalse(membership.gateways().stream().anyMatch(gateway -> gateway.id().equals(id)));
    }

    @Test
    void closingTheJoinStreamMakesTheGatewayLeaveAndTheRegisterCompletesIt() {
        Recorder<ClusterView> views = calls.watch("w-close");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join join = calls.join(id, "10.1.0.4:2900", 30);
        views.awaitItem(view -> is(view, ClusterView.Kind.JOINED, id));

        join.requests().onCompleted();

        views.awaitItem(view -> is(view, ClusterView.Kind.LEFT, id));
        assertEquals(Status.Code.OK, join.replies().awaitEnd().getCode());
    }

    @Test
    void aRenewalIsAcknowledgedAndItsLoadPublishedAsUpdated() {
        Recorder<ClusterView> views = calls.watch("w-renew");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join join = calls.join(id, "10.1.0.5:2900", 30);
        join.replies().awaitItem(JoinReply::hasAccepted);
        long before = System.currentTimeMillis();

        join.send(RegisterCalls.renew(7, "w-1", "w-2"));

        JoinReply ack = join.replies().awaitItem(JoinReply::hasLeaseAck);
        assertTrue(ack.getLeaseAck().getExpiresAtMs() >= before + 30_000, "lease renewed for 30s");
        ClusterView updated = views.awaitItem(view -> is(view, ClusterView.Kind.UPDATED, id));
        assertEquals(7, updated.getGateways(0).getLoad().getConnections());
        assertEquals(List.of("w-1", "w-2"), updated.getGateways(0).getLoad().getWorkersList());
    }

    @Test
    void aSilentGatewayLeavesWhenItsLeaseExpiresAndItsStreamFails() {
        Recorder<ClusterView> views = calls.watch("w-expire");
        String id = RegisterCalls.gatewayId();

        RegisterCalls.Join join = calls.join(id, "10.1.0.6:2900", 1);

        assertEquals(1, join.replies().awaitItem(JoinReply::hasAccepted).getAccepted().getLeaseSeconds());
        views.awaitItem(view -> is(view, ClusterView.Kind.LEFT, id));
        Status end = join.replies().awaitEnd();
        assertEquals(Status.Code.DEADLINE_EXCEEDED, end.getCode());
        assertTrue(end.getDescription().contains("lease"), end.getDescription());
        assertFalse(membership.gateways().stream().anyMatch(gateway -> gateway.id().equals(id)));
    }

    @Test
    void requestedLeasesAreClampedAndNoRequestGetsTheDefault() {
        RegisterCalls.Join greedy = calls.join(RegisterCalls.gatewayId(), "10.1.0.7:2900", 100_000);
        RegisterCalls.Join modest = calls.join(RegisterCalls.gatewayId(), "10.1.0.8:2900", 0);

        assertEquals(120, greedy.replies().awaitItem(JoinReply::hasAccepted).getAccepted().getLeaseSeconds());
        assertEquals(30, modest.replies().awaitItem(JoinReply::hasAccepted).getAccepted().getLeaseSeconds());
    }

    @Test
    void statusListsTheGatewaysAndTheWatchers() {
        calls.watch("w-status");
        String id = RegisterCalls.gatewayId();
        calls.join(id, "10.1.0.9:2900", 30).replies().awaitItem(JoinReply::hasAccepted);

        ClusterStatus status = RegisterGrpc.newBlockingStub(calls.channel()).status(StatusRequest.getDefaultInstance());

        assertEquals(membership.registerId(), status.getRegisterId());
        assertTrue(status.getGatewaysList().stream()
                .anyMatch(gateway -> gateway.getGatewayId().equals(id) && gateway.getAddress().equals("10.1.0.9:2900")));
        assertTrue(status.getWatchersList().stream().anyMatch(watcher -> watcher.getWatcherId().equals("w-status")
                && watcher.getWatcherKind().equals("worker") && watcher.getSinceMs() > 0));
    }

    @Test
    void aWatcherThatCancelsIsNoLongerTracked() {
        io.grpc.ManagedChannel channel = calls.channel();
        calls.watch(channel, "w-gone", "client").awaitItem(view -> view.getKind() == ClusterView.Kind.FULL);
        assertTrue(watching("w-gone"));

        channel.shutdownNow();

        await().atMost(Recorder.DEADLINE).until(() -> !watching("w-gone"));
    }

    private boolean watching(String watcherId) {
        return membership.watchers().stream().anyMatch(watcher -> watcher.id().equals(watcherId));
    }
}
