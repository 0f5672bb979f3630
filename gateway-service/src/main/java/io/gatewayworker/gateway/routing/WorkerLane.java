package io.gatewayworker.gateway.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.gatewayworker.proto.link.ClientEvent;

/**
 * The router's side of one worker stream: the events sent and not yet acknowledged (the in-flight
 * window) and, behind a full window, the events waiting their turn. Both keep dispatch order, which
 * is every client's event order, so what is left when the stream ends can be re-delivered in order.
 * <p>
 * Thread-safe: a monitor guards everything, and events are handed to the sink while it is held so
 * that the stream sees them in exactly the window's order. The sink must not block.
 * <p>
 * Draining (the worker shuts down): the lane sends nothing more. It hands back the events that
 * waited behind its window and keeps count, per client, of the events it sent and the worker has
 * not acknowledged; a client moves to another worker once that count is zero, so its events are
 * never handled by two workers at once.
 * <p>
 * Flow control: the waiting queue is bounded by {@link FlowLimits} in events and payload bytes. It
 * never refuses an event; instead a client whose event finds it full is told to pause
 * ({@link #holdsBack}) and is kept in {@link #blocked} until acks bring the queue under half its
 * bounds, when the router lets it read again. Acks also count down each client's unacknowledged events.
 */
public final class WorkerLane {

    enum Offer { ACCEPTED, CLOSED }

    /** Whether a client bound to a draining lane may move to another worker. */
    enum Hold {
        /** Events of the client sent here are not acknowledged yet: it waits. */
        HELD,
        /** Nothing of the client is outstanding here: it moves. */
        FREE,
        /** The stream ended: its events are orphans, to re-deliver. */
        CLOSED
    }

    private record Pending(ClientRoute route, ClientEvent event) {
    }

    private final String workerId;
    private final int window;
    private final FlowLimits limits;
    /** Dropped at close: clients still pointing at a dead lane must not keep its stream alive. */
    private Consumer<ClientEvent> sink;

    private final LinkedHashMap<Long, Pending> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private long queuedBytes;
    /** Clients paused because the waiting queue was full, oldest first, until it has room again. */
    private final Set<ClientRoute> blocked = new LinkedHashSet<>();
    /** After close: what each client had here, in order, until the router takes it. */
    private Map<ClientRoute, ArrayDeque<ClientEvent>> orphans;
    /** While draining: per client, events sent here and not acknowledged yet. */
    private Map<ClientRoute, Integer> unackedByClient;
    /** While draining: per client, the events that waited behind the window, until the router takes them. */
    private Map<ClientRoute, ArrayDeque<ClientEvent>> handedBack;
    private volatile boolean open = true;
    private volatile boolean draining;
    private volatile int load;

    WorkerLane(String workerId, int window, FlowLimits limits, Consumer<ClientEvent> sink) {
        this.workerId = workerId;
        this.window = window;
        this.limits = limits;
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

    /** Whether the worker said it is shutting down. */
    public boolean isDraining() {
        return draining;
    }

    boolean takesNewClients() {
        return !draining && isOpen();
    }

    /**
     * The worker is shutting down: from now on the lane sends nothing. Returns the clients that have
     * events here (sent or waiting), for the router to move; the waiting ones are handed back.
     */
    synchronized List<ClientRoute> drain() {
        if (!open || draining) {
            return List.of();
        }
        draining = true;
        unackedByClient = new HashMap<>();
        for (Pending pending : inFlight.values()) {
            unackedByClient.merge(pending.route(), 1, Integer::sum);
        }
        handedBack = new LinkedHashMap<>();
        for (Pending pending : queued) {
            handedBack.computeIfAbsent(pending.route(), r -> new ArrayDeque<>()).add(pending.event());
        }
        queued.clear();
        queuedBytes = 0;
        load = inFlight.size();
        Set<ClientRoute> clients = new LinkedHashSet<>(unackedByClient.keySet());
        clients.addAll(handedBack.keySet());
        return new ArrayList<>(clients);
    }

    /**
     * The worker finished these events: frees their window slots and sends what waited. Returns the
     * clients this releases: while draining, those whose last outstanding event here this was. Adds to
     * {@code relieved} the paused clients that may read again: those now under half their own bounds,
     * and every blocked one once the waiting queue is under half of its bounds.
     */
    synchronized List<ClientRoute> ack(Collection<Long> eventIds, Collection<ClientRoute> relieved) {
        if (!open) {
            return List.of();
        }
        List<ClientRoute> released = draining ? new ArrayList<>() : List.of();
        for (Long id : eventIds) {
            Pending pending = inFlight.remove(id);
            if (pending == null) {
                continue;
            }
            ClientRoute route = pending.route();
            route.acknowledged(pending.event());
            // Counted down before reading paused: see WorkerRouter.pauseIfFull for the other half.
            if (route.paused && limits.clientRelieved(route.unackedEvents(), route.unackedBytes())) {
                relieved.add(route);
            }
            if (draining && unackedByClient.computeIfPresent(route, (r, n) -> n == 1 ? null : n - 1) == null) {
                released.add(route);
            }
        }
        while (!draining && !queued.isEmpty() && inFlight.size() < window) {
            Pending next = queued.poll();
            queuedBytes -= FlowLimits.bytesOf(next.event());
            emit(next);
        }
        if (!blocked.isEmpty() && limits.queueRelieved(queued.size(), queuedBytes)) {
            relieved.addAll(blocked);
            blocked.clear();
        }
        load = inFlight.size() + queued.size();
        return released;
    }

    /**
     * Whether the waiting queue is full, so that {@code route}, which just added to it, must pause; if
     * so the route is kept until the queue has room again (see {@link #ack}). A draining or ended lane
     * holds nobody back: its clients move on.
     */
    synchronized boolean holdsBack(ClientRoute route) {
        if (!open || draining || !limits.queueFull(queued.size(), queuedBytes)) {
            return false;
        }
        blocked.add(route);
        return true;
    }

    /** The clients held back here, which the router must look at again now (the lane drains or ended). */
    synchronized List<ClientRoute> takeBlocked() {
        List<ClientRoute> all = new ArrayList<>(blocked);
        blocked.clear();
        return all;
    }

    /** While draining: the client's events that waited behind the window, oldest first; null when none. */
    synchronized ArrayDeque<ClientEvent> takeHandedBack(ClientRoute route) {
        return handedBack == null ? null : handedBack.remove(route);
    }

    /** While draining: whether the client must wait for this worker's acks before it moves. */
    synchronized Hold hold(ClientRoute route) {
        if (!open) {
            return Hold.CLOSED;
        }
        return unackedByClient != null && unackedByClient.containsKey(route) ? Hold.HELD : Hold.FREE;
    }

    /**
     * Takes all of {@code events} (one client's, in order), unless the lane ended or drains. It never
     * refuses for want of room: the router pauses clients before the queue grows much past its bounds.
     */
    synchronized Offer offer(ClientRoute route, Collection<ClientEvent> events) {
        if (!open || draining) {
            return Offer.CLOSED;
        }
        for (ClientEvent event : events) {
            Pending pending = new Pending(route, event);
            if (queued.isEmpty() && inFlight.size() < window) {
                emit(pending);
            } else {
                queued.add(pending);
                queuedBytes += FlowLimits.bytesOf(event);
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
        if (handedBack != null) { // sent after the in-flight ones, so re-delivered after them
            handedBack.forEach((route, events) -> events.forEach(event -> orphan(route, event)));
            handedBack = null;
        }
        int unacknowledged = inFlight.size();
        inFlight.clear();
        queued.clear();
        queuedBytes = 0;
        unackedByClient = null;
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
