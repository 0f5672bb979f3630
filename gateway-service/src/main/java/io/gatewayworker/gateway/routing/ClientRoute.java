package io.gatewayworker.gateway.routing;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.gatewayworker.proto.link.ClientEvent;

/**
 * One client's place in the routing: the worker it is bound to, its event sequence, and the
 * events not yet handed to a worker. All fields are guarded by this object's monitor, which
 * {@link WorkerRouter} holds while it routes the client's events; that is what keeps one client's
 * events in order across re-binding. Idle clients hold no queue.
 * <p>
 * Flow control: the events (and payload bytes) of the client not acknowledged yet are counted from
 * when the router stamps them until a worker acknowledges them, wherever they wait meanwhile; acks
 * count down under a worker lane's monitor, not this one, hence atomics. {@link #paused} says whether
 * the router paused the client's reading: written under this monitor, read by acks (volatile).
 */
public final class ClientRoute {

    private final String clientId;
    private final ReadThrottle throttle;
    // Updated through field updaters rather than held in AtomicLongs: two objects less per client.
    private static final AtomicLongFieldUpdater<ClientRoute> UNACKED_EVENTS =
            AtomicLongFieldUpdater.newUpdater(ClientRoute.class, "unackedEvents");
    private static final AtomicLongFieldUpdater<ClientRoute> UNACKED_BYTES =
            AtomicLongFieldUpdater.newUpdater(ClientRoute.class, "unackedBytes");
    private volatile long unackedEvents;
    private volatile long unackedBytes;
    volatile boolean paused;

    /** The worker this client is bound to; null until bound, or while no worker is connected. */
    WorkerLane lane;
    /** Events not yet handed to a worker, oldest first; null when none. */
    ArrayDeque<ClientEvent> backlog;
    /** Sequence number of the last event stamped. */
    long seq;
    /** How many of {@link #backlog} the router counts as parked. */
    int parkedCount;

    /** A route whose reading is never paused (tests of the router alone). */
    public ClientRoute(String clientId) {
        this(clientId, ReadThrottle.NONE);
    }

    /** {@code throttle} pauses and resumes reading the client's socket. */
    public ClientRoute(String clientId, ReadThrottle throttle) {
        this.clientId = clientId;
        this.throttle = throttle;
    }

    public String clientId() {
        return clientId;
    }

    /** Id of the worker this client is bound to, or null. */
    public synchronized String workerId() {
        return lane == null ? null : lane.workerId();
    }

    /** Whether this client is bound to {@code lane} now. */
    public synchronized boolean isBoundTo(WorkerLane lane) {
        return this.lane == lane;
    }

    /** Events of this client stamped and not acknowledged by a worker yet. */
    public long unackedEvents() {
        return unackedEvents;
    }

    /** Payload bytes of {@link #unackedEvents()}, as {@link FlowLimits#bytesOf} counts them. */
    long unackedBytes() {
        return unackedBytes;
    }

    /** An event of this client was stamped: unacknowledged until a worker says otherwise. */
    void stamped(ClientEvent event) {
        UNACKED_EVENTS.incrementAndGet(this);
        UNACKED_BYTES.addAndGet(this, FlowLimits.bytesOf(event));
    }

    /** Whether the router paused reading this client. */
    public boolean isPaused() {
        return paused;
    }

    ReadThrottle throttle() {
        return throttle;
    }

    /** A worker acknowledged one of this client's events. */
    void acknowledged(ClientEvent event) {
        UNACKED_EVENTS.decrementAndGet(this);
        UNACKED_BYTES.addAndGet(this, -FlowLimits.bytesOf(event));
    }

    void append(ClientEvent event) {
        if (backlog == null) {
            backlog = new ArrayDeque<>(2);
        }
        backlog.addLast(event);
    }

    /** Puts events that were sent earlier in front of whatever is waiting. */
    void prepend(ArrayDeque<ClientEvent> earlier) {
        if (earlier == null || earlier.isEmpty()) {
            return;
        }
        if (backlog != null) {
            earlier.addAll(backlog);
        }
        backlog = earlier;
    }

    @Override
    public String toString() {
        return clientId;
    }
}
