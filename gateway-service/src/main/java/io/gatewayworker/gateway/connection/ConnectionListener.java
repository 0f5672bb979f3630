package io.gatewayworker.gateway.connection;

import java.util.Map;

import io.vertx.core.buffer.Buffer;

/**
 * What every transport reports about its connections. Implemented once, by the hub that owns
 * connection state and routes events to workers; transports stay free of that logic.
 * <p>
 * Calls for one connection come in order, from that connection's event loop: never block in them.
 */
public interface ConnectionListener {

    /**
     * A connection was accepted. Returns false when the gateway refuses it (a limit, or no worker);
     * the transport then closes it with {@code refusal}'s code and reason and reports nothing more.
     */
    Admission opened(Connection connection);

    /** The WebSocket handshake of an accepted connection, reported right after {@link #opened}. */
    void handshake(Connection connection, String path, String query, Map<String, String> headers);

    /** A complete message from the client (a WebSocket message, a TCP line or frame). */
    void received(Connection connection, boolean binary, Buffer data);

    /** The connection is closed, for whatever reason; the last call for it. */
    void closed(Connection connection, int code, String reason);

    /** The verdict on a new connection. */
    record Admission(boolean accepted, CloseReason refusal) {

        public static final Admission ACCEPTED = new Admission(true, null);

        public static Admission refused(CloseReason reason) {
            return new Admission(false, reason);
        }
    }
}
