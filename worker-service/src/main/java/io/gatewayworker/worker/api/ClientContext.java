package io.gatewayworker.worker.api;

/**
 * The client an event is about, and what a handler may do with it directly. Valid during the
 * handler call it was passed to; keep the {@link #clientId()} (not the context) to reach the client
 * later through {@link Gateway}.
 */
public interface ClientContext {

    /** The client's cluster-wide id: lowercase hex, self-routing, never reused. Treat it as opaque. */
    String clientId();

    /** The id of the gateway the client is connected to. */
    String gatewayId();

    /** The client's address, host:port, as its gateway saw it. */
    String remoteAddress();

    Transport transport();

    /**
     * This event's position among the client's events: 1 for its connect event, +1 for each next
     * one. With {@link #redelivered()}, lets a handler skip an event it already handled.
     */
    long seq();

    /** Whether an earlier delivery of this event may have been handled, on a worker that then stopped or died. */
    boolean redelivered();

    /**
     * Whether this is the onClose the worker delivers itself because the client's gateway left the
     * cluster without closing it (killed, or cut off from the registers): the connection is gone,
     * {@link #send} and {@link #close} do nothing, the session is the last one this worker saw or
     * wrote for the client, and changes to it are not stored. False for every other event.
     */
    default boolean gatewayLost() {
        return false;
    }

    /** The client's session, mutable; see {@link Session} for when changes are stored. */
    Session session();

    /** Sends a text message to this client (GatewayWorker's {@code sendToCurrentClient}). */
    void send(String text);

    /** Sends a binary message to this client. */
    void send(byte[] bytes);

    /** Closes this client's connection after what was sent to it is written (GatewayWorker's {@code closeCurrentClient}). */
    void close();

    /** Sends a last text message, then closes this client's connection. */
    void close(String finalMessage);
}
