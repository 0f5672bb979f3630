package io.gatewayworker.gateway.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.state.SessionStore;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Session;
import io.micrometer.core.instrument.Counter;

/**
 * Chooses the worker for each client and keeps every client's events in order on their way to it.
 * <p>
 * Sticky: a client is bound to one worker (the least loaded when it connects, round robin among
 * equals) and all its events go there. When that worker's stream ends, its unacknowledged events
 * and the ones waiting behind its window are re-delivered, each client's in order, to other
 * workers, and its clients are re-bound; a client's new events always queue behind its re-delivered
 * ones. With no worker at all, events are parked until one connects.
 * <p>
 * A worker that drains (shuts down) gets no new events: each of its clients moves to another worker
 * once the draining worker acknowledged that client's events, and the client's new events wait
 * (parked) until then; so a client's events are never handled by two workers at once.
 * <p>
 * Backpressure: no event is ever refused for want of room. An event that takes a client to its own
 * bounds, or finds its worker's waiting queue or the parking full ({@link FlowLimits}), is kept and
 * the client's reading paused ({@link ReadPacer}, {@link ReadThrottle}); it resumes once acks brought the client and the
 * queue back under half their bounds. So a client that floods is slowed, not closed, and cannot take
 * a worker's whole window from the others; and when every worker is saturated, the sockets stop being
 * read instead of queues growing. Each paused client adds at most the one event that paused it.
 * <p>
 * Re-delivered events, and the waiting events of a client leaving a draining worker, get the
 * client's current session when it includes write-backs their own snapshot does not (a higher
 * {@code written_through_seq}): the worker that wrote them is gone, and the one taking over must not
 * start from a session older than what the gateway already holds.
 * <p>
 * Locking: a client's events are routed under its {@link ClientRoute} monitor; a
 * {@link WorkerLane}'s monitor may be taken inside it, never the other way round.
 */
@ApplicationScoped
public class WorkerRouter {

    private static final Logger LOG = Logger.getLogger(WorkerRouter.class);

    private final FlowLimits limits;
    private final GatewayMetrics metrics;
    /** The client's current session, to re-stamp re-delivered events with. */
    private final Function<String, Session> sessions;
    private final CopyOnWriteArrayList<WorkerLane> lanes = new CopyOnWriteArrayList<>();
    private final Set<ClientRoute> parked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger parkedEvents = new AtomicInteger();
    private final ReadPacer pacer;
    private final AtomicLong eventIds = new AtomicLong();
    private final AtomicInteger turn = new AtomicInteger();
    private final List<Runnable> workerListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<WorkerLane>> leavingListeners = new CopyOnWriteArrayList<>();

    @Inject
    public WorkerRouter(GatewayConfig config, GatewayMetrics metrics, SessionStore sessions) {
        this(FlowLimits.of(config.worker()), metrics, sessions::get);
    }

    /** A router that re-delivers events with the sessions they were created with. */
    public WorkerRouter(int queueSize, GatewayMetrics metrics) {
        this(FlowLimits.queueOnly(queueSize), metrics);
    }

    /** A router that re-delivers events with the sessions they were created with. */
    public WorkerRouter(FlowLimits limits, GatewayMetrics metrics) {
        this(limits, metrics, clientId -> Session.getDefaultInstance());
    }

    public WorkerRouter(FlowLimits limits, GatewayMetrics metrics, Function<String, Session> sessions) {
        this.limits = limits;
        this.pacer = new ReadPacer(limits, parkedEvents::get, metrics);
        this.metrics = metrics;
        this.sessions = sessions;
        metrics.gauge("gw.gateway.worker.streams", "Open worker streams", lanes::size);
        metrics.gauge("gw.gateway.events.parked", "Events waiting for any worker to connect", parkedEvents::get);
        metrics.gauge("gw.gateway.events.pending", "Events not yet acknowledged by a worker", this::pendingEvents);
        metrics.gauge("gw.gateway.clients.paused", "Clients whose reading is paused (backpressure)",
                pacer::pausedClients);
    }

    /** A worker stream said hello: it starts taking clients, parked ones first. */
    public WorkerLane attach(String workerId, int window, Consumer<ClientEvent> sink) {
        Counter sentToWorker = metrics.workerAttached(workerId, () -> pendingEvents(workerId));
        WorkerLane lane = new WorkerLane(workerId, window, limits, event -> {
            metrics.eventSent();
            sentToWorker.increment();
            sink.accept(event);
        });
        lanes.add(lane);
        workerListeners.forEach(Runnable::run);
        LOG.infof("worker %s attached (window %d)", workerId, window);
        for (ClientRoute route : parked) {
            synchronized (route) {
                settle(route);
            }
        }
        return lane;
    }

    /** A worker stream ended: re-delivers what it had not acknowledged and re-binds its clients. */
    public void detach(WorkerLane lane) {
        if (!lanes.remove(lane)) {
            return;
        }
        metrics.workerDetached(lane.workerId());
        workerListeners.forEach(Runnable::run);
        int unacknowledged = lane.close();
        metrics.eventsRedelivered(unacknowledged);
        List<ClientRoute> orphaned = lane.orphanedRoutes();
        LOG.infof("worker %s detached: %d unacknowledged events of %d clients to re-deliver",
                lane.workerId(), unacknowledged, orphaned.size());
        settleAll(orphaned, lane);
        lane.takeBlocked().forEach(pacer::resumeIfRelieved);
        leavingListeners.forEach(listener -> listener.accept(lane));
    }

    /**
     * The worker of {@code lane} is shutting down: it gets nothing more. Its clients with nothing
     * outstanding there move to other workers now; the others when their events are acknowledged
     * ({@link #ack}). Returns once the lane sends no more events.
     */
    public void drain(WorkerLane lane) {
        List<ClientRoute> clients = lane.drain();
        LOG.infof("worker %s is draining: %d clients with events there move to other workers once it acknowledged"
                + " them; none of its clients gets new events there", lane.workerId(), clients.size());
        settleAll(clients, lane);
        lane.takeBlocked().forEach(pacer::resumeIfRelieved);
        leavingListeners.forEach(listener -> listener.accept(lane));
    }

    /**
     * The worker of {@code lane} finished these events: clients of a draining worker may move on, and
     * paused clients back under their bounds read again.
     */
    public void ack(WorkerLane lane, List<Long> eventIds) {
        List<ClientRoute> relieved = new ArrayList<>(0);
        settleAll(lane.ack(eventIds, relieved), lane);
        relieved.forEach(pacer::resumeIfRelieved);
    }

    /** Routes again the backlog of each client still bound to {@code lane}. */
    private void settleAll(List<ClientRoute> clients, WorkerLane lane) {
        for (ClientRoute route : clients) {
            synchronized (route) {
                // Otherwise the client's own next event already moved it (see deliver).
                if (route.lane == lane) {
                    settle(route);
                }
            }
        }
    }

    /**
     * Stamps the event with its id and the client's next sequence number and routes it; it is never
     * refused. When it takes the client past a bound, the client's reading is paused (not for a close
     * event: nothing is read after it anyway).
     */
    public Dispatch dispatch(ClientRoute route, ClientEvent.Builder event) {
        boolean last = event.hasClose();
        synchronized (route) {
            route.seq++;
            ClientEvent stamped = event.setEventId(eventIds.incrementAndGet()).setSeq(route.seq).build();
            route.stamped(stamped);
            route.append(stamped);
            Dispatch result = settle(route);
            if (last) {
                pacer.forget(route);
            } else {
                pacer.pauseIfFull(route);
            }
            return result;
        }
    }

    /**
     * Moves {@code route}, if still bound to {@code lane} (whose worker was lost or drains), to another
     * worker with {@code adopted}, stamped with the client's current seq (it is no new event of the
     * client): the worker that gets it knows the client from then on, and so can deliver its onClose
     * should this gateway die before the client sends anything. It follows whatever of the client
     * still waits there, in order. Returns false when the client is bound elsewhere already.
     */
    public boolean adopt(ClientRoute route, WorkerLane lane, ClientEvent.Builder adopted) {
        synchronized (route) {
            if (route.lane != lane) {
                return false;
            }
            ClientEvent stamped = adopted.setEventId(eventIds.incrementAndGet()).setSeq(route.seq).build();
            route.stamped(stamped);
            route.append(stamped);
            settle(route);
            return true;
        }
    }

    /**
     * Runs {@code listener} once a worker stream ended or its worker began draining, after the clients
     * with events there were settled: the ones left bound to it are idle (it must not block).
     */
    public void onWorkerLeaving(Consumer<WorkerLane> listener) {
        leavingListeners.add(listener);
    }

    /** Clients whose reading is paused now. */
    public int pausedClients() {
        return pacer.pausedClients();
    }

    /** Runs {@code listener} after every worker stream that attaches or detaches (it must not block). */
    public void onWorkersChanged(Runnable listener) {
        workerListeners.add(listener);
    }

    /** Whether a worker is connected that takes new clients. */
    public boolean hasWorker() {
        for (WorkerLane lane : lanes) {
            if (lane.takesNewClients()) {
                return true;
            }
        }
        return false;
    }

    /** Ids of the workers with an open stream (one per stream; a worker may hold several). */
    public List<String> workerIds() {
        return lanes.stream().map(WorkerLane::workerId).toList();
    }

    public int openStreams() {
        return lanes.size();
    }

    public int parkedEvents() {
        return parkedEvents.get();
    }

    /** Events not yet acknowledged by any worker: in flight, waiting behind windows, or parked. */
    public int pendingEvents() {
        int pending = parkedEvents.get();
        for (WorkerLane lane : lanes) {
            pending += lane.load();
        }
        return pending;
    }

    /** Events {@code workerId} has not acknowledged, across its streams. */
    private int pendingEvents(String workerId) {
        int pending = 0;
        for (WorkerLane lane : lanes) {
            if (lane.workerId().equals(workerId)) {
                pending += lane.load();
            }
        }
        return pending;
    }

    /** Routes the route's backlog and keeps the parked bookkeeping; caller holds the route's monitor. */
    private Dispatch settle(ClientRoute route) {
        Dispatch result = deliver(route);
        account(route);
        // A worker that attached while we parked may have scanned the parked set before we joined it.
        if (result == Dispatch.PARKED && hasWorker()) {
            result = deliver(route);
            account(route);
        }
        return result;
    }

    private Dispatch deliver(ClientRoute route) {
        while (true) {
            WorkerLane lane = route.lane;
            if (lane != null && !lane.isOpen()) {
                route.prepend(restamp(route, lane.takeOrphans(route)));
                route.lane = lane = null;
            } else if (lane != null && lane.isDraining()) {
                // What waited there goes first; then the client waits for that worker's acks, or moves.
                route.prepend(lane.takeHandedBack(route));
                switch (lane.hold(route)) {
                    case HELD -> {
                        return route.backlog == null ? Dispatch.ROUTED : Dispatch.PARKED;
                    }
                    case FREE -> {
                        // Its worker acknowledged everything, so the gateway holds all its write-backs:
                        // waiting events created before they landed must not carry an older session.
                        route.backlog = restamp(route, route.backlog);
                        route.lane = lane = null;
                    }
                    case CLOSED -> {
                        continue; // ended meanwhile: take its orphans first
                    }
                }
            }
            if (route.backlog == null) {
                return Dispatch.ROUTED;
            }
            if (lane == null) {
                lane = choose();
                if (lane == null) {
                    return Dispatch.PARKED;
                }
                route.lane = lane;
            }
            switch (lane.offer(route, route.backlog)) {
                case ACCEPTED -> {
                    route.backlog = null;
                    return Dispatch.ROUTED;
                }
                case CLOSED -> {
                    // The stream ended or started draining under us: look at the lane again.
                }
            }
        }
    }

    /**
     * Gives events that change worker (orphaned, or leaving a draining worker) the client's current
     * session where it includes write-backs theirs does not. Only then: a closed client's session is
     * already forgotten (empty, marker 0), and its events keep the session they were created with.
     */
    private ArrayDeque<ClientEvent> restamp(ClientRoute route, ArrayDeque<ClientEvent> moving) {
        if (moving == null) {
            return null;
        }
        Session now = sessions.apply(route.clientId());
        if (now.getWrittenThroughSeq() == 0) {
            return moving;
        }
        ArrayDeque<ClientEvent> stamped = new ArrayDeque<>(moving.size());
        for (ClientEvent event : moving) {
            stamped.add(event.getSession().getWrittenThroughSeq() < now.getWrittenThroughSeq()
                    ? event.toBuilder().setSession(now).build()
                    : event);
        }
        return stamped;
    }

    private void account(ClientRoute route) {
        ArrayDeque<ClientEvent> backlog = route.backlog;
        int now = backlog == null ? 0 : backlog.size();
        if (now == route.parkedCount) {
            return;
        }
        parkedEvents.addAndGet(now - route.parkedCount);
        route.parkedCount = now;
        if (now == 0) {
            parked.remove(route);
        } else {
            parked.add(route);
        }
    }

    /** The least loaded worker taking new clients; ties go round robin. Null when none. */
    private WorkerLane choose() {
        Object[] candidates = lanes.toArray();
        if (candidates.length == 0) {
            return null;
        }
        int start = Math.floorMod(turn.getAndIncrement(), candidates.length);
        WorkerLane best = null;
        for (int i = 0; i < candidates.length; i++) {
            WorkerLane lane = (WorkerLane) candidates[(start + i) % candidates.length];
            if (lane.takesNewClients() && (best == null || lane.load() < best.load())) {
                best = lane;
            }
        }
        return best;
    }
}
