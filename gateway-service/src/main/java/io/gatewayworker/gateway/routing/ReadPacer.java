package io.gatewayworker.gateway.routing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.gatewayworker.gateway.metrics.GatewayMetrics;

/**
 * The {@link WorkerRouter}'s backpressure: decides when a client's reading pauses and when it resumes,
 * against the {@link FlowLimits}, and asks the client's {@link ReadThrottle}.
 * <p>
 * Pausing runs under the client's {@link ClientRoute} monitor, right after the router routed its event;
 * resuming runs when acks relieve the client or its worker's queue ({@link WorkerLane#ack}), or when
 * the worker drains or ends, and takes that monitor itself. A route's {@code paused} flag is written
 * under its monitor and read by acks without it, which is why pausing looks at the counters again
 * after setting it.
 */
final class ReadPacer {

    private final FlowLimits limits;
    /** Events parked while no worker can take them, across all clients. */
    private final IntSupplier parkedEvents;
    private final GatewayMetrics metrics;
    private final AtomicInteger pausedClients = new AtomicInteger();

    ReadPacer(FlowLimits limits, IntSupplier parkedEvents, GatewayMetrics metrics) {
        this.limits = limits;
        this.parkedEvents = parkedEvents;
        this.metrics = metrics;
    }

    /** Clients whose reading is paused now. */
    int pausedClients() {
        return pausedClients.get();
    }

    /**
     * Pauses the client's reading if it holds as much as it may, its worker's queue is full, or it is
     * parked while the parking is full. Caller holds the route's monitor.
     */
    void pauseIfFull(ClientRoute route) {
        if (route.paused || !mustPause(route)) {
            return;
        }
        route.paused = true;
        // An ack that counted the client down before it saw paused set would not resume it: look again.
        if (mayResume(route)) {
            route.paused = false;
            return;
        }
        pausedClients.incrementAndGet();
        metrics.readPaused();
        route.throttle().pauseReading();
    }

    private boolean mustPause(ClientRoute route) {
        if (limits.clientFull(route.unackedEvents(), route.unackedBytes())) {
            return true;
        }
        if (route.backlog != null) {
            return parkedEvents.getAsInt() >= limits.queueEvents();
        }
        WorkerLane lane = route.lane;
        return lane != null && lane.holdsBack(route);
    }

    /**
     * Whether a paused client may read again: it is under half its bounds, not parked while the parking
     * is more than half full, and its worker's queue does not hold it back. When not, something is sure
     * to look again: an ack of its own events, or its worker's queue emptying ({@link WorkerLane#holdsBack}).
     */
    private boolean mayResume(ClientRoute route) {
        if (!limits.clientRelieved(route.unackedEvents(), route.unackedBytes())) {
            return false;
        }
        if (route.backlog != null && parkedEvents.getAsInt() > limits.queueEvents() / 2) {
            return false;
        }
        WorkerLane lane = route.lane;
        return lane == null || !lane.holdsBack(route);
    }

    /** Lets the client read again if it is paused and may (see {@link #mayResume}); takes its monitor. */
    void resumeIfRelieved(ClientRoute route) {
        synchronized (route) {
            if (route.paused && mayResume(route)) {
                forget(route);
                route.throttle().resumeReading();
            }
        }
    }

    /** The client is no longer paused (it resumes, or it closed). Caller holds the route's monitor. */
    void forget(ClientRoute route) {
        if (route.paused) {
            route.paused = false;
            pausedClients.decrementAndGet();
        }
    }
}
