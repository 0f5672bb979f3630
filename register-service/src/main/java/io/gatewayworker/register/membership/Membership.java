package io.gatewayworker.register.membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The register's whole state: the gateways that are members and the watchers that follow them.
 * Every change gets the next version and goes to every watcher in version order; a new watcher
 * first gets the FULL view, atomically with its subscription, so it never misses or repeats a
 * change. Nothing here is durable: a restarted register starts empty with a new id.
 * <p>
 * Thread-safe (one monitor; the critical sections are short and never block). Streams are told
 * that the register ended their membership ({@link Member}'s callback) outside the monitor.
 */
public final class Membership {

    private final String registerId;
    private final LeasePolicy leases;
    private final int maxGateways;
    private final int maxWatchers;
    private final LongSupplier clock;
    private final MembershipObserver observer;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Set<Watcher> watchers = new LinkedHashSet<>();
    private long version;

    public Membership(String registerId, LeasePolicy leases, int maxGateways, int maxWatchers, LongSupplier clock,
            MembershipObserver observer) {
        this.registerId = registerId;
        this.leases = leases;
        this.maxGateways = maxGateways;
        this.maxWatchers = maxWatchers;
        this.clock = clock;
        this.observer = observer;
    }

    /** Random id of this register instance. */
    public String registerId() {
        return registerId;
    }

    /**
     * Makes an announced gateway a member and publishes JOINED. A member of the same id whose
     * lease has run out is not live: it is expired first (LEFT), then the new one joins.
     *
     * @param requestedLeaseSeconds what the gateway asked for (see {@link LeasePolicy#grant})
     * @param ended told when the register ends this membership (lease expiry, shutdown)
     * @throws JoinRefused for an empty id or address, a live duplicate id, or too many gateways
     */
    public Member join(Gateway announced, int requestedLeaseSeconds, Consumer<LeaveReason> ended)
            throws JoinRefused {
        Member evicted = null;
        Member member;
        synchronized (this) {
            long now = clock.getAsLong();
            JoinRefused refusal = check(announced, now);
            if (refusal != null) {
                observer.refused(announced, refusal);
                throw refusal;
            }
            Member existing = members.get(announced.id());
            if (existing != null) {
                remove(existing, LeaveReason.LEASE_EXPIRED);
                evicted = existing;
            }
            member = new Member(announced.joinedAt(now), leases.grant(requestedLeaseSeconds), now, ended);
            members.put(announced.id(), member);
            observer.joined(member.gateway(), member.leaseSeconds());
            publish(ViewKind.JOINED, member.gateway());
        }
        if (evicted != null) {
            evicted.end(LeaveReason.LEASE_EXPIRED);
        }
        return member;
    }

    /**
     * Renews a member's lease and records its load; a changed load publishes UPDATED.
     *
     * @return when the renewed lease expires, epoch ms; empty when {@code member} is no longer a member
     */
    public synchronized OptionalLong renew(Member member, Load load) {
        if (!current(member)) {
            return OptionalLong.empty();
        }
        long expiresAt = member.renew(clock.getAsLong());
        if (!member.gateway().load().equals(load)) {
            member.gateway(member.gateway().withLoad(load));
            publish(ViewKind.UPDATED, member.gateway());
        }
        return OptionalLong.of(expiresAt);
    }

    /**
     * Ends a membership because its stream ended; publishes LEFT.
     *
     * @return whether it was still a member (false for a repeated or stale leave)
     */
    public synchronized boolean leave(Member member, LeaveReason reason) {
        if (!current(member)) {
            return false;
        }
        remove(member, reason);
        return true;
    }

    /**
     * Removes every member whose lease ran out (LEFT each) and tells their streams.
     *
     * @return how many expired
     */
    public int expireLeases() {
        List<Member> expired = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Member member : List.copyOf(members.values())) {
                if (member.expired(now)) {
                    remove(member, LeaveReason.LEASE_EXPIRED);
                    expired.add(member);
                }
            }
        }
        expired.forEach(member -> member.end(LeaveReason.LEASE_EXPIRED));
        return expired.size();
    }

    /**
     * Subscribes a watcher: it gets the FULL view now, then every change.
     *
     * @return false when {@code register.watch.max-watchers} are watching already (nothing sent)
     */
    public synchronized boolean watch(Watcher watcher) {
        if (watchers.size() >= maxWatchers) {
            return false;
        }
        watchers.add(watcher);
        List<Gateway> all = members.values().stream().map(Member::gateway).toList();
        if (!watcher.offer(new View(ViewKind.FULL, all, version, registerId))) {
            dropped(watcher, WatchEnd.OVERFLOW);
        }
        return true;
    }

    /** The watcher's stream ended on its side: stop sending to it. */
    public synchronized void unwatch(Watcher watcher) {
        watchers.remove(watcher);
        watcher.close();
    }

    /**
     * Ends every membership and watch without publishing LEFT: the register is going away, and
     * watchers keep their last view of it rather than dropping gateways that are fine.
     */
    public void shutdown() {
        List<Member> ending;
        List<Watcher> watching;
        synchronized (this) {
            ending = List.copyOf(members.values());
            watching = List.copyOf(watchers);
            ending.forEach(member -> observer.left(member.gateway(), LeaveReason.SHUTDOWN));
            members.clear();
            watchers.clear();
        }
        ending.forEach(member -> member.end(LeaveReason.SHUTDOWN));
        watching.forEach(watcher -> watcher.end(WatchEnd.SHUTDOWN));
    }

    /** The members, in join order. */
    public synchronized List<Gateway> gateways() {
        return members.values().stream().map(Member::gateway).toList();
    }

    public synchronized int gatewayCount() {
        return members.size();
    }

    /** The watchers, in subscription order. */
    public synchronized List<Watcher> watchers() {
        return List.copyOf(watchers);
    }

    public synchronized int watcherCount() {
        return watchers.size();
    }

    /** The version of the last change (0 before any). */
    public synchronized long version() {
        return version;
    }

    private JoinRefused check(Gateway announced, long now) {
        if (announced.id().isEmpty() || announced.address().isEmpty()) {
            return new JoinRefused(JoinRefused.Reason.INVALID,
                    "announce needs a gateway id and an address (got id '" + announced.id() + "', address '"
                            + announced.address() + "')");
        }
        Member existing = members.get(announced.id());
        if (existing != null && !existing.expired(now)) {
            return new JoinRefused(JoinRefused.Reason.DUPLICATE_ID,
                    "gateway " + announced.id() + " is already a member (joined from " + existing.gateway().address()
                            + "); gateway ids must be unique");
        }
        if (existing == null && members.size() >= maxGateways) {
            return new JoinRefused(JoinRefused.Reason.TOO_MANY_GATEWAYS,
                    "the register holds its maximum of " + maxGateways + " gateways (register.max-gateways)");
        }
        return null;
    }

    private boolean current(Member member) {
        return members.get(member.gatewayId()) == member;
    }

    private void remove(Member member, LeaveReason reason) {
        members.remove(member.gatewayId());
        observer.left(member.gateway(), reason);
        publish(ViewKind.LEFT, member.gateway());
    }

    private void publish(ViewKind kind, Gateway gateway) {
        View view = new View(kind, List.of(gateway), ++version, registerId);
        for (Watcher watcher : List.copyOf(watchers)) {
            if (!watcher.offer(view)) {
                dropped(watcher, WatchEnd.OVERFLOW);
            }
        }
    }

    private void dropped(Watcher watcher, WatchEnd reason) {
        if (watchers.remove(watcher)) {
            observer.watcherDropped(watcher, reason);
        }
    }
}
