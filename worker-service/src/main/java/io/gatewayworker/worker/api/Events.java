package io.gatewayworker.worker.api;

/**
 * The application's event handlers: GatewayWorker's {@code Events.php}. Provide one CDI bean
 * implementing it (for example {@code @ApplicationScoped}); it replaces the example chat application.
 * Every method has an empty default, so implement only what you need.
 * <p>
 * Threading: handlers run on the worker's handler threads ({@code worker.handler-threads}), never on
 * an event loop, so they may block (databases, HTTP calls) and may call {@link Gateway} directly.
 * A bean whose handlers never block may say so with {@link io.smallrye.common.annotation.NonBlocking
 * @NonBlocking} on its class (per bean: Quarkus refuses the annotation on methods it does not call
 * itself): its handlers then run on the event loop that received their event, which saves two
 * hand-offs between threads per event (the example chat application measured about a third less
 * worker CPU per echo). They must not wait for anything: {@link Gateway}'s sends, group, uid and
 * session changes are fine, its queries are not (they throw {@link IllegalStateException} on an
 * event loop; use {@link Gateway#async()}), nor are blocking database or HTTP clients (use their
 * reactive forms, or hand such work to a worker thread and use the Gateway API from there).
 * The events of one client are handled one after another, in the order the client produced them,
 * whatever thread runs them; events of different clients run in parallel. An event is acknowledged
 * to its gateway after the handler returned, whether it returned normally or threw (the exception is
 * logged and counted; the event is not delivered again).
 * <p>
 * Delivery is at least once: when a worker stops or dies before acknowledging, the gateway delivers
 * the event again to another worker with {@link ClientContext#redelivered()} set; handlers that must
 * not repeat a side effect de-duplicate with {@link ClientContext#seq()}.
 */
public interface Events {

    /**
     * This worker starts, before any client event is dispatched to it (GatewayWorker's
     * {@code onWorkerStart}). An exception fails the worker's startup.
     */
    default void onWorkerStart(WorkerContext worker) throws Exception {
    }

    /** A client connected (GatewayWorker's {@code onConnect}): the first event of every connection. */
    default void onConnect(ClientContext client) throws Exception {
    }

    /**
     * A WebSocket client completed its handshake (GatewayWorker's {@code onWebSocketConnect}); follows
     * {@link #onConnect}. Use it to check a token in the query string or a header and
     * {@link ClientContext#close() close} the client when it is not allowed.
     */
    default void onWebSocketConnect(ClientContext client, WebSocketHandshake handshake) throws Exception {
    }

    /** A client sent a message (GatewayWorker's {@code onMessage}). */
    default void onMessage(ClientContext client, Message message) throws Exception {
    }

    /**
     * A client's connection closed (GatewayWorker's {@code onClose}); always its last event. The
     * client can no longer receive anything and has already left its groups and uid; its
     * {@link ClientContext#session() session} still holds what it held, but changes to it are not
     * stored.
     */
    default void onClose(ClientContext client) throws Exception {
    }

    /**
     * This worker stops (GatewayWorker's {@code onWorkerStop}), after the events it had received were
     * handled or the drain timeout passed. The streams to the gateways are closed by then: release the
     * application's resources here; do not send.
     */
    default void onWorkerStop(WorkerContext worker) throws Exception {
    }
}
