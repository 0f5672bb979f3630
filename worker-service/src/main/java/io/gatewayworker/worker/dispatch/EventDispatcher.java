package io.gatewayworker.worker.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.WebSocketConnected;
import io.gatewayworker.wire.Commands;
import io.gatewayworker.worker.api.Events;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.api.Message;
import io.gatewayworker.worker.api.WebSocketHandshake;
import io.gatewayworker.worker.api.WorkerContext;
import io.gatewayworker.worker.cluster.ClusterGateway;
import io.gatewayworker.worker.cluster.CurrentClient;
import io.gatewayworker.worker.config.WorkerConfig;
import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionChanges;
import io.gatewayworker.worker.session.SessionCodec;
import io.gatewayworker.worker.session.TrackedSession;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the application's {@link Events} handlers for the client events gateways send: on a pool of
 * {@code worker.handler-threads} threads, each client's events in order on its own serial lane,
 * different clients in parallel; the handlers of a bean declared non-blocking
 * ({@link NonBlockingHandlers}) run at once on the event loop that received the event, unless the
 * client's lane is busy on the pool. After a handler returned (or threw: logged, counted, not
 * retried), it writes the client's session back when the handler changed it, then acknowledges the
 * event on the stream it came from, behind the handler's commands.
 * <p>
 * Sessions: a handler starts from the snapshot its event carries, unless that snapshot predates the
 * write-back of the client's previous event here; then it starts from the session as that handler
 * left it ({@link WrittenSessions}). The write-back carries the event's seq, and is sent (empty if
 * need be) whenever the handler wrote the session, also only through the Gateway API, so that it
 * comes after all of the handler's writes on the stream and marks them all.
 * <p>
 * Bounded: each gateway keeps at most {@code worker.max-in-flight} unacknowledged events on a stream
 * (the window this worker asks for in its hello), so the lanes hold at most that many events per
 * gateway. A gateway that exceeds twice the window (the window, plus events of a broken stream still
 * being handled) breaks the contract: its extra events are refused, logged and left unacknowledged,
 * to be re-delivered when its stream ends, rather than let memory grow.
 * <p>
 * Lifecycle: {@link Events#onWorkerStart} runs in the startup observer, before the gateway streams
 * open (GatewayStreams starts after the application's startup observers); on shutdown, after the
 * streams drained and closed, the pool finishes what it holds and {@link Events#onWorkerStop} runs.
 */
@ApplicationScoped
public class EventDispatcher implements ClientEventSink {

    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);
    /**
     * Events a client's lane handles in one turn on the pool when they are queued already: fewer
     * hand-offs between threads under load, while no client holds a thread for long.
     */
    private static final int TASKS_PER_TURN = 8;

    private final Events events;
    private final ClusterGateway gateway;
    private final SessionCodec codec;
    private final WorkerMetrics metrics;
    private final WorkerContext worker;
    private final int inFlightLimit;
    private final long stopMillis;
    private final long lostGraceMillis;
    private final HandlerPool pool;
    private final ClientLanes lanes;
    private final boolean nonBlocking;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final WrittenSessions written = new WrittenSessions();
    private final SeenClients seen = new SeenClients();
    private volatile boolean stopped;

    @Inject
    public EventDispatcher(Instance<Events> events, ClusterGateway gateway, SessionCodec codec, WorkerConfig config,
            WorkerIdentity identity, WorkerMetrics metrics) {
        // The application-scoped beans used for every event, without their client proxies (see resolve).
        this(resolve(events), ClientProxy.unwrap(gateway), ClientProxy.unwrap(codec), identity.id(),
                config.handlerThreads(), config.maxInFlight(), config.drainTimeout().toMillis(),
                config.gatewayLostGrace().toMillis(), ClientProxy.unwrap(metrics));
    }

    EventDispatcher(Events events, ClusterGateway gateway, SessionCodec codec, String workerId, int handlerThreads,
            int maxInFlight, long stopMillis, long lostGraceMillis, WorkerMetrics metrics) {
        this.lostGraceMillis = Math.max(0, lostGraceMillis);
        this.events = events;
        this.gateway = gateway;
        this.codec = codec;
        this.metrics = metrics;
        this.worker = new Worker(workerId, gateway);
        this.inFlightLimit = 2 * Math.max(1, maxInFlight);
        this.stopMillis = stopMillis;
        this.pool = handlerPool(Math.max(1, handlerThreads));
        this.lanes = new ClientLanes(pool, TASKS_PER_TURN);
        this.nonBlocking = NonBlockingHandlers.declaredBy(events.getClass());
        metrics.gauge("gw.worker.events.in_flight", "Client events received and not yet handled",
                () -> inFlight.values().stream().mapToInt(AtomicInteger::get).sum());
        metrics.gauge("gw.worker.handler.busy", "Handler threads running a handler", pool::active);
        metrics.gauge("gw.worker.clients.seen", "Clients this worker would close should their gateway be lost",
                seen::size);
    }

    void start(@Observes StartupEvent startup) {
        LOG.infof("worker %s dispatching client events to %s, %s", worker.workerId(), describe(events),
                nonBlocking ? "@NonBlocking: on the event loop that received them" : "on the handler threads");
        try {
            events.onWorkerStart(worker);
        } catch (Exception e) {
            throw new IllegalStateException("onWorkerStart of " + describe(events) + " failed: the worker does not start",
                    e);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(stopMillis, TimeUnit.MILLISECONDS)) {
                LOG.warnf("handlers still running after %d ms; interrupting them", stopMillis);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            events.onWorkerStop(worker);
        } catch (Exception | LinkageError e) {
            LOG.error("onWorkerStop failed", e);
        }
    }

    /** Event loop: queues the event on its client's lane and returns. */
    @Override
    public void accept(GatewayConnection source, ClientEvent event) {
        AtomicInteger pending = inFlight.computeIfAbsent(source.gatewayId(), id -> new AtomicInteger());
        if (stopped) {
            metrics.eventRefused();
            LOG.debugf("event %d of client %s from gateway %s left unacknowledged: the worker is stopping",
                    event.getEventId(), event.getClientId(), source.gatewayId());
            return;
        }
        if (pending.incrementAndGet() > inFlightLimit) {
            pending.decrementAndGet();
            refuse(source, event, "more than " + inFlightLimit + " events in flight (twice worker.max-in-flight):"
                    + " the gateway does not honour the window");
            // Later events of this client must not overtake the refused one: the gateway re-delivers
            // everything unacknowledged, in order, on the new stream.
            source.reset("event " + event.getEventId() + " refused: too many events in flight");
            return;
        }
        try {
            seen.arrived(source, event);
            lanes.submit(event.getClientId(), () -> handle(source, event, pending), nonBlocking);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            refuse(source, event, "the handler pool is shut down");
        }
    }

    @Override
    public void streamOpened(GatewayConnection source) {
        seen.streamOpened(source);
    }

    /**
     * The gateway left the view without closing its clients (it died, or cannot reach the register):
     * after {@code worker.gateway-lost-grace}, each client whose events came here last gets an onClose
     * marked {@link HandlerContext#gatewayLost()}, on its lane, after whatever of it is still queued;
     * unless the gateway came back and its stream opened again meanwhile (its clients were re-bound).
     */
    @Override
    public void gatewayGone(String gatewayId) {
        inFlight.remove(gatewayId); // its ids are never reused; handlers still running count on their own
        if (lostGraceMillis == 0) {
            closeClientsOf(gatewayId);
            return;
        }
        Executor later = CompletableFuture.delayedExecutor(lostGraceMillis, TimeUnit.MILLISECONDS);
        later.execute(() -> closeClientsOf(gatewayId));
    }

    private void closeClientsOf(String gatewayId) {
        if (stopped) {
            return;
        }
        List<SeenClients.OwedClose> owed = seen.gatewayGone(gatewayId);
        Set<String> closing = owed.stream().map(close -> close.event().getClientId()).collect(Collectors.toSet());
        written.forgetGateway(gatewayId, closing); // the closing ones keep their sessions for onClose
        if (!owed.isEmpty()) {
            LOG.infof("gateway %s left the view: delivering onClose for %d client(s) last handled here", gatewayId,
                    owed.size());
        }
        for (SeenClients.OwedClose close : owed) {
            String clientId = close.event().getClientId();
            try {
                lanes.submit(clientId, () -> closeLost(close));
            } catch (RejectedExecutionException e) {
                LOG.warnf("worker stopping: no onClose for client %s of lost gateway %s", clientId, gatewayId);
                seen.closed(gatewayId, clientId);
                written.forget(clientId);
            }
        }
    }

    /** Events received and not yet handled, across gateways. */
    int inFlight() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * A handler thread: runs the handler, stores the session, acknowledges. An {@code adopted} event
     * runs no handler: the client came here because its worker left, and {@link #accept} recorded it
     * among the clients this worker owes an onClose should their gateway die.
     */
    private void handle(GatewayConnection source, ClientEvent event, AtomicInteger pending) {
        try {
            if (event.hasAdopted()) {
                return;
            }
            HandlerContext client = run(source, event, false);
            if (event.hasClose()) { // the gateway has forgotten a closed client: nothing to store
                written.forget(event.getClientId());
            } else {
                writeBack(source, client);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "client %s event %d could not be handled", event.getClientId(), event.getEventId());
        } finally {
            Thread.interrupted(); // an interrupt meant for this handler must not reach the next one
            if (event.hasClose()) {
                seen.closed(source.gatewayId(), event.getClientId()); // its onClose ran: none owed any more
            }
            pending.decrementAndGet();
            metrics.eventHandled();
            source.ack(event.getEventId());
        }
    }

    /** A handler thread: the synthetic onClose of a client of a lost gateway, unless its own close came first. */
    private void closeLost(SeenClients.OwedClose close) {
        ClientEvent event = close.event();
        String gatewayId = close.source().gatewayId();
        if (!seen.owed(close.source(), event.getClientId())) {
            return;
        }
        try {
            run(close.source(), event, true);
        } catch (RuntimeException e) {
            LOG.errorf(e, "onClose of client %s (gateway lost) could not be run", event.getClientId());
        } finally {
            Thread.interrupted();
            seen.closed(gatewayId, event.getClientId());
            written.forget(event.getClientId());
        }
    }

    /** Runs the event's handler with the client as current; a handler failure is logged and counted. */
    private HandlerContext run(GatewayConnection source, ClientEvent event, boolean gatewayLost) {
        TrackedSession session = new TrackedSession(codec, written.startingPoint(event));
        HandlerContext client = new HandlerContext(event, source, gateway, session, gatewayLost);
        long started = System.nanoTime();
        try (CurrentClient.Scope scope = CurrentClient.enter(client, session)) {
            invoke(client, event);
        } catch (Exception | LinkageError | AssertionError e) {
            metrics.handlerFailure();
            LOG.errorf(e, "%s handler failed for client %s (event %d, seq %d, gateway %s); the event is"
                    + " acknowledged all the same", event.getKindCase(), event.getClientId(), event.getEventId(),
                    event.getSeq(), source.gatewayId());
        }
        metrics.handled(event.getKindCase(), System.nanoTime() - started);
        return client;
    }

    private void invoke(HandlerContext client, ClientEvent event) throws Exception {
        switch (event.getKindCase()) {
            case CONNECT -> events.onConnect(client);
            case WEBSOCKET_CONNECT -> {
                WebSocketConnected handshake = event.getWebsocketConnect();
                events.onWebSocketConnect(client, new WebSocketHandshake(handshake.getPath(), handshake.getQuery(),
                        handshake.getHeadersMap(), event.getRemoteAddress()));
            }
            case MESSAGE -> events.onMessage(client, message(event.getMessage()));
            case CLOSE -> events.onClose(client);
            case ADOPTED -> throw new IllegalStateException("an adopted event has no handler");
            case KIND_NOT_SET -> LOG.debugf("event %d of client %s has a kind this worker does not know",
                    event.getEventId(), event.getClientId());
        }
    }

    private void writeBack(GatewayConnection source, HandlerContext client) {
        TrackedSession session = client.trackedSession();
        SessionChanges changes;
        try {
            changes = session.changes(); // at once NONE for a session the handler never accessed
            // Refused here, not by the gateway: then the handler's next event does not start from values
            // this worker believes stored (WrittenSessions) while the gateway never stored them. No
            // change leaves the gateway's session as it was: nothing to check.
            if (!changes.isEmpty()) {
                gateway.limits().checkSession(client.clientId(), session.valuesAfter(changes), client.seq());
            }
        } catch (IllegalArgumentException e) {
            LOG.errorf("session of client %s not stored: %s", client.clientId(), e.getMessage());
            changes = SessionChanges.NONE;
        }
        if (changes.isEmpty() && !session.written()) {
            return; // unchanged: the session the handler started from is still the client's
        }
        try {
            // Sent even when empty after Gateway API writes: it follows them on the stream, so a
            // snapshot written through this seq includes every write of the handler.
            gateway.deliver(source, Commands.writeSession(client.clientId(), false, changes.set(), changes.remove(),
                    client.seq()));
            session.changesStored(changes);
            written.wrote(client.clientId(), client.seq(), session.storedValues());
        } catch (GatewayUnreachableException e) {
            LOG.warnf("session of client %s not stored: %s", client.clientId(), e.getMessage());
            written.forget(client.clientId()); // the event is re-delivered: start over from the gateway's snapshot
        }
    }

    private void refuse(GatewayConnection source, ClientEvent event, String why) {
        metrics.eventRefused();
        LOG.errorf("event %d of client %s from gateway %s refused, left unacknowledged: %s", event.getEventId(),
                event.getClientId(), source.gatewayId(), why);
    }

    private static Message message(Payload payload) {
        byte[] data = payload.getData().toByteArray();
        return payload.getKind() == Payload.Kind.BINARY ? Message.binary(data) : Message.utf8(data);
    }

    private static Events resolve(Instance<Events> events) {
        if (events.isUnsatisfied()) {
            LOG.warn("no Events bean: client events are acknowledged without being handled");
            return new Events() {
            };
        }
        if (events.isAmbiguous()) {
            throw new IllegalStateException("more than one Events bean: " + events.stream()
                    .map(EventDispatcher::describe).toList() + "; keep one (or mark the others @Alternative)");
        }
        Instance.Handle<Events> handle = events.getHandle();
        Events bean = handle.get();
        // Called for every event: call the bean itself rather than its client proxy, which looks the
        // instance up in its context on each call. An application-scoped instance lives as long as the
        // application; other scopes keep their proxy.
        return handle.getBean().getScope() == ApplicationScoped.class ? ClientProxy.unwrap(bean) : bean;
    }

    private static String describe(Events events) {
        // CDI client proxies and intercepted beans are subclasses named after the bean class
        String name = events.getClass().getName();
        for (String suffix : List.of("_ClientProxy", "_Subclass")) {
            int at = name.indexOf(suffix);
            if (at >= 0) {
                return name.substring(0, at);
            }
        }
        return name;
    }

    private static HandlerPool handlerPool(int threads) {
        // Unbounded queue, bounded in practice: it holds at most one entry per client lane with work,
        // and the lanes hold no more than the in-flight events.
        return new HandlerPool("gw-handler-", threads, Runtime.getRuntime().availableProcessors(), 60,
                TimeUnit.SECONDS);
    }

    /** Clients whose next event may start from the session their last handler here left. */
    int writtenSessions() {
        return written.size();
    }

    /** Clients owed an onClose should their gateway be lost. */
    int seenClients() {
        return seen.size();
    }

    /** Client lanes with events queued or running. */
    int lanes() {
        return lanes.size();
    }

    ExecutorService pool() {
        return pool;
    }

    private record Worker(String workerId, Gateway gateway) implements WorkerContext {
    }
}
