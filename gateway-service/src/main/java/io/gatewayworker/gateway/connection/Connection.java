package io.gatewayworker.gateway.connection;

import io.vertx.core.buffer.Buffer;

/**
 * One client connection as the rest of the gateway sees it, whatever its transport.
 * <p>
 * Implementations are thread-safe: any thread may call {@link #send} or {@link #close}; the
 * transport hops onto the connection's own event loop where it must.
 */
public interface Connection {

    /** Self-routing id minted by {@link ClientIdGenerator}; never reused. */
    String clientId();

    Transport transport();

    /** {@code host:port} of the peer as this gateway sees it. */
    String remoteAddress();

    /**
     * Queues a message to the client.
     *
     * @param binary WebSocket binary frame when true, text frame otherwise (TCP ignores it)
     * @param data   the payload; for text, UTF-8 bytes
     * @param raw    TCP only: write {@code data} as is, bypassing the listener's codec framing
     */
    void send(boolean binary, Buffer data, boolean raw);

    /** Sends pending output, then closes with the given reason (closeClient). Idempotent. */
    void close(CloseReason reason);

    /** Closes now, dropping pending output (destroyClient). Idempotent. */
    void destroy(CloseReason reason);

    /** True until the connection is closed. */
    boolean isOpen();

    /**
     * Stops reading the client (backpressure): what it sends meanwhile waits in its socket, so the
     * client's own writes stall. Messages already read are held, in order, until reading resumes. Any
     * thread; the last of {@link #pauseReading} and {@link #resumeReading} wins.
     */
    void pauseReading();

    /** Reads the client again: held messages first, in order. Any thread. */
    void resumeReading();
}
