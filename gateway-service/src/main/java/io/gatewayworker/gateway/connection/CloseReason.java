package io.gatewayworker.gateway.connection;

/**
 * Every reason the gateway closes a client connection, in one place: a WebSocket close code, a
 * short reason sent to the client, and whether the client should reconnect. Metrics count closes
 * by {@link #name()}; workers receive {@link #code()} and {@link #reason()} in the close event.
 */
public enum CloseReason {
    /** The client closed the connection. Reconnect if the application wants to. */
    CLIENT_CLOSED(1000, "client closed", true),
    /** A worker asked to close it (closeClient / destroyClient). Do not reconnect automatically. */
    SERVER_CLOSED(1000, "closed by server", false),
    /** The gateway is shutting down. Reconnect, preferably to another gateway. */
    GOING_AWAY(1001, "gateway shutting down", true),
    /** The client sent something the protocol does not allow. Fix the client before reconnecting. */
    PROTOCOL_ERROR(1002, "protocol error", false),
    /** A text message was not valid UTF-8. */
    INVALID_UTF8(1007, "invalid utf-8", false),
    /** A frame, message or TCP line exceeded the configured size. */
    MESSAGE_TOO_BIG(1009, "message too big", false),
    /** The gateway refused the connection because a limit (connections per gateway) was reached. Retry later. */
    CONNECTION_LIMIT(1013, "connection limit reached", true),
    /** The client did not read fast enough and its outbound buffer filled. Reconnect. */
    SLOW_CONSUMER(1008, "outbound buffer full", true),
    /**
     * The client kept sending while its reading was paused (backpressure) and the gateway held more
     * than it may of what it read; only a transport that fails to pause gets here. Reconnect.
     */
    INBOUND_OVERFLOW(1008, "inbound buffer full", true),
    /** The client stayed silent longer than the heartbeat limit. Reconnect. */
    HEARTBEAT_TIMEOUT(1001, "heartbeat timeout", true),
    /** No worker could take the client's events (none connected, or all saturated). Retry later. */
    NO_WORKER(1013, "no worker available", true),
    /** The transport failed (reset, I/O error). Reconnect. */
    TRANSPORT_ERROR(1006, "transport error", true);

    private final int code;
    private final String reason;
    private final boolean reconnect;

    CloseReason(int code, String reason, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    /** WebSocket close code; TCP clients see only the connection end. */
    public int code() {
        return code;
    }

    /** Short human-readable reason, sent in the WebSocket close frame. */
    public String reason() {
        return reason;
    }

    /** Whether a well-behaved client should reconnect after this close. */
    public boolean reconnect() {
        return reconnect;
    }
}
