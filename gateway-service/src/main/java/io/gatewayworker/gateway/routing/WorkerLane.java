package io.gatewayworker.gateway.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.gatewayworker.proto.link.ClientEvent;

/**
 * The router's side of one worker stream: the events sent and not yet acknowledged (the in-flight
 * window) and, behind a full window, the events waiting their turn. Both keep dispatch order, which
 * is every client's event order, so what is left when the stream ends can be re-delivered in order.
 * <p>
 * Thread-safe: a monitor guards everything, and events are handed to the sink while it is held so
 * that the stream sees them in exactly the window's order. The sink must not block.
 */
public final class WorkerLane {

    enum Offer { ACCEPTED, FULL, CLOSED }

    private record Pending(ClientRoute route, ClientEvent event) {
    }

    private final String workerId;
    private final int window;
    private final int queueLimit;
    /** Dropped at close: clients still pointing at a dead lane must not keep its stream alive. */
    private Consumer<ClientEvent> sink;

    private final LinkedHashMap<Long, Pending> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    /** After close: what each client had here, in order, until the router takes it. */
    private Map<ClientRoute, ArrayDeque<ClientEvent>> orphans;
    private volatile boolean open = true;
    private volatile boolean draining;
    private volatile int load;

    WorkerLane(String workerId, int window, int queueLimit, Consumer<ClientEvent> sink) {
        this.workerId = workerId;
        this.window = window;
        this.queueLimit = queueLimit;
        this.sink = sink;
    }

    public String workerId() {
        return workerId;
    }

    public int window() {
        return window;
    }

    /** Events sent and not acknowledged, plus events waiting behind the window. */
    public int load() {
        return load;
    }

    public boolean isOpen() {
        return open;
    }

    /** The worker is shutting down: it keeps its clients but gets no new ones. */
    public void drain() {
        draining = true;
    }

    boolean takesNewClients() {
        return !draining && isOpen();
    }

    /** The worker finished these events: frees their window slots and sends what waited. */
    public synchronized void ack(Collection<Long> eventIds) {
        if (!open) {
            return;
        }
        for (Long id : eventIds) {
            inFlight.remove(id);
        }
        while (!queued.isEmpty() && inFlight.size() < window) {
            emit(queued.poll());
        }
        load = inFlight.size() + queued.size();
    }

    /**
     * Takes all of {@code events} (one client's, in order) or none. {@code bounded}: refuse with
     * FULL when they would push the waiting queue past its limit.
     */
    synchronized Offer offer(ClientRoute route, Collection<ClientEvent> events, boolean bounded) {
        if (!open) {
            return Offer.CLOSED;
        }
        int overflow = Math.max(0, events.size() - (window - inFlight.size()));
        if (bounded && queued.size() + overflow > queueLimit) {
            return Offer.FULL;
        }
        for (ClientEvent event : events) {
            Pending pending = new Pending(route, event);
            if (queued.isEmpty() && inFlight.size() < window) {
                emit(pending);
            } else {
                queued.add(pending);
            }
        }
        load = inFlight.size() + queued.size();
        return Offer.ACCEPTED;
    }

    /**
     * The stream ended: keeps what each client had here for re-delivery, the sent ones flagged
     * {@code redelivered}. Returns how many sent events were left unacknowledged.
     */
    synchronized int close() {
        if (!open) {
            return 0;
        }
        open = false;
        orphans = new LinkedHashMap<>();
        for (Pending pending : inFlight.values()) {
            orphan(pending.route(), pending.event().toBuilder().setRedelivered(true).build());
        }
        for (Pending pending : queued) {
            orphan(pending.route(), pending.event());
        }
        int unacknowledged = inFlight.size();
        inFlight.clear();
        queued.clear();
        load = 0;
        sink = null;
        return unacknowledged;
    }

    synchronized List<ClientRoute> orphanedRoutes() {
        return orphans == null ? List.of() : new ArrayList<>(orphans.keySet());
    }

    /** The client's events left here when the stream ended, oldest first; null when none. */
    synchronized ArrayDeque<ClientEvent> takeOrphans(ClientRoute route) {
        return orphans == null ? null : orphans.remove(route);
    }

    private void orphan(ClientRoute route, ClientEvent event) {
        orphans.computeIfAbsent(route, r -> new ArrayDeque<>()).add(event);
    }

    private void emit(Pending pending) {
        inFlight.put(pending.event().getEventId(), pending);
        sink.accept(pending.event());
    }

    @Override
    public String toString() {
        return workerId;
    }
}
