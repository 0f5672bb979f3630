package io.gatewayworker.register.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MembershipTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> events = new ArrayList<>();
    private final Membership membership = new Membership("reg-1", new LeasePolicy(5, 60, 30), 3, 2, clock::get,
            new MembershipObserver() {
                @Override
                public void left(Gateway gateway, LeaveReason reason) {
                    events.add("left " + gateway.id() + " " + reason);
                }

                @Override
                public void watcherDropped(Watcher watcher, WatchEnd reason) {
                    events.add("dropped " + watcher.id() + " " + reason);
                }
            });
    private final List<LeaveReason> ended = new ArrayList<>();

    @Test
    void aJoinIsPublishedToWatchersAsJoinedWithTheNextVersion() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");

        Member member = join("aaa", "10.0.0.1:2900", 10);

        assertEquals(10, member.leaseSeconds());
        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED), outlet.kinds());
        View joined = outlet.last();
        assertEquals(1, joined.version());
        assertEquals("reg-1", joined.registerId());
        Gateway gateway = joined.gateways().get(0);
        assertEquals("aaa", gateway.id());
        assertEquals("10.0.0.1:2900", gateway.address());
        assertEquals(clock.get(), gateway.joinedAtMs());
        assertEquals(Map.of("zone", "a"), gateway.labels());
    }

    @Test
    void aNewWatcherGetsTheFullViewAtTheCurrentVersion() throws JoinRefused {
        join("aaa", "a:1", 30);
        join("bbb", "b:1", 30);

        RecordingOutlet outlet = watch("w1");

        View full = outlet.last();
        assertEquals(ViewKind.FULL, full.kind());
        assertEquals(List.of("aaa", "bbb"), full.gateways().stream().map(Gateway::id).toList());
        assertEquals(2, full.version());
    }

    @Test
    void everyChangeIncreasesTheVersionByOne() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");
        Member a = join("aaa", "a:1", 30);
        membership.renew(a, new Load(3, List.of("w1")));
        join("bbb", "b:1", 30);
        membership.leave(a, LeaveReason.CLOSED_BY_GATEWAY);

        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), outlet.sent.stream().map(View::version).toList());
        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED, ViewKind.UPDATED, ViewKind.JOINED, ViewKind.LEFT),
                outlet.kinds());
        assertEquals(4, membership.version());
    }

    @Test
    void aLiveDuplicateIdIsRefusedAndChangesNothing() throws JoinRefused {
        join("aaa", "a:1", 30);
        RecordingOutlet outlet = watch("w1");

        JoinRefused refused = assertThrows(JoinRefused.class, () -> join("aaa", "other:1", 30));

        assertEquals(JoinRefused.Reason.DUPLICATE_ID, refused.reason());
        assertEquals(List.of(ViewKind.FULL), outlet.kinds());
        assertEquals("a:1", membership.gateways().get(0).address());
        assertEquals(1, membership.version());
    }

    @Test
    void anEmptyIdOrAddressIsRefused() {
        assertEquals(JoinRefused.Reason.INVALID,
                assertThrows(JoinRefused.class, () -> join("", "a:1", 30)).reason());
        assertEquals(JoinRefused.Reason.INVALID,
                assertThrows(JoinRefused.class, () -> join("aaa", "", 30)).reason());
        assertEquals(0, membership.gatewayCount());
    }

    @Test
    void gatewaysBeyondTheLimitAreRefused() throws JoinRefused {
        join("aaa", "a:1", 30);
        join("bbb", "b:1", 30);
        join("ccc", "c:1", 30);

        assertEquals(JoinRefused.Reason.TOO_MANY_GATEWAYS,
                assertThrows(JoinRefused.class, () -> join("ddd", "d:1", 30)).reason());
    }

    @Test
    void aLeavePublishesLeftOnceAndAStaleHandleCannotRemoveANewerMembership() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");
        Member first = join("aaa", "a:1", 30);

        assertTrue(membership.leave(first, LeaveReason.STREAM_BROKEN));
        assertFalse(membership.leave(first, LeaveReason.CLOSED_BY_GATEWAY));
        Member second = join("aaa", "a:1", 30);
        assertFalse(membership.leave(first, LeaveReason.STREAM_BROKEN));

        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED, ViewKind.LEFT, ViewKind.JOINED), outlet.kinds());
        assertEquals(List.of("left aaa STREAM_BROKEN"), events);
        assertEquals(1, membership.gatewayCount());
        assertTrue(membership.renew(second, Load.NONE).isPresent());
        assertTrue(membership.renew(first, Load.NONE).isEmpty());
    }

    @Test
    void aSilentMemberExpiresWhenItsLeaseRunsOutAndItsStreamIsTold() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");
        join("aaa", "a:1", 10);

        clock.addAndGet(10_000);
        assertEquals(0, membership.expireLeases());
        clock.addAndGet(1);
        assertEquals(1, membership.expireLeases());

        assertEquals(0, membership.gatewayCount());
        assertEquals(List.of(LeaveReason.LEASE_EXPIRED), ended);
        assertEquals(ViewKind.LEFT, outlet.last().kind());
        assertEquals("aaa", outlet.last().gateways().get(0).id());
        assertEquals(List.of("left aaa LEASE_EXPIRED"), events);
    }

    @Test
    void aRenewalExtendsTheLeaseAndOnlyAChangedLoadIsPublished() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");
        Member member = join("aaa", "a:1", 10);

        clock.addAndGet(8_000);
        OptionalLong expiresAt = membership.renew(member, new Load(5, List.of("w1")));
        membership.renew(member, new Load(5, List.of("w1")));
        clock.addAndGet(8_000);
        membership.expireLeases();

        assertEquals(clock.get() - 8_000 + 10_000, expiresAt.getAsLong());
        assertEquals(1, membership.gatewayCount());
        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED, ViewKind.UPDATED), outlet.kinds());
        assertEquals(new Load(5, List.of("w1")), outlet.last().gateways().get(0).load());
    }

    @Test
    void aJoinOverAnExpiredButUnsweptMemberReplacesIt() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");
        join("aaa", "old:1", 5);
        clock.addAndGet(6_000);

        join("aaa", "new:1", 5);

        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED, ViewKind.LEFT, ViewKind.JOINED), outlet.kinds());
        assertEquals("new:1", membership.gateways().get(0).address());
        assertEquals(List.of(LeaveReason.LEASE_EXPIRED), ended);
    }

    @Test
    void aWatcherThatOverflowsIsDroppedAndOthersKeepGettingChanges() throws JoinRefused {
        RecordingOutlet slow = new RecordingOutlet();
        slow.ready = false;
        membership.watch(new Watcher("slow", "worker", 0, 2, slow));
        RecordingOutlet fast = watch("fast");

        join("aaa", "a:1", 30);
        join("bbb", "b:1", 30); // FULL + 2 changes > capacity 2

        assertEquals(WatchEnd.OVERFLOW, slow.ended);
        assertEquals(List.of("fast"), membership.watchers().stream().map(Watcher::id).toList());
        assertEquals(List.of("dropped slow OVERFLOW"), events);
        join("ccc", "c:1", 30);
        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED, ViewKind.JOINED, ViewKind.JOINED), fast.kinds());
    }

    @Test
    void anUnwatchedWatcherGetsNothingMoreAndWatchersBeyondTheLimitAreRefused() throws JoinRefused {
        RecordingOutlet outlet = new RecordingOutlet();
        Watcher watcher = new Watcher("w1", "worker", 0, 8, outlet);
        assertTrue(membership.watch(watcher));
        watch("w2");
        assertFalse(membership.watch(new Watcher("w3", "client", 0, 8, new RecordingOutlet())));

        membership.unwatch(watcher);
        join("aaa", "a:1", 30);

        assertEquals(List.of(ViewKind.FULL), outlet.kinds());
        assertEquals(1, membership.watcherCount());
    }

    @Test
    void shutdownEndsEveryStreamWithoutPublishingLeft() throws JoinRefused {
        RecordingOutlet outlet = watch("w1");
        join("aaa", "a:1", 30);

        membership.shutdown();

        assertEquals(List.of(ViewKind.FULL, ViewKind.JOINED), outlet.kinds());
        assertEquals(WatchEnd.SHUTDOWN, outlet.ended);
        assertEquals(List.of(LeaveReason.SHUTDOWN), ended);
        assertEquals(0, membership.gatewayCount());
        assertEquals(0, membership.watcherCount());
    }

    private Member join(String id, String address, int leaseSeconds) throws JoinRefused {
        return membership.join(Gateway.announced(id, address, Map.of("zone", "a")), leaseSeconds, ended::add);
    }

    private RecordingOutlet watch(String id) {
        RecordingOutlet outlet = new RecordingOutlet();
        assertTrue(membership.watch(new Watcher(id, "worker", clock.get(), 16, outlet)));
        return outlet;
    }
}
