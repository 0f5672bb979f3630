package io.gatewayworker.gateway.transport.websocket;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.transport.ClientConnectionBase;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.runtime.WebSocketConnectionBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;

/**
 * One WebSocket client as a {@link Connection}, over a websockets-next {@link WebSocketConnection}:
 * text and binary frames, and close frames that carry the gateway's close code and reason. Close
 * state, ordering and the outbound budget are {@link ClientConnectionBase}'s.
 * <p>
 * Pausing reads: websockets-next offers no pause, and queues messages without bound when a callback
 * does not complete, so the connection pauses the Vert.x WebSocket under it, which websockets-next
 * reaches through a package-private {@code webSocket()} that is opened here by reflection. Should a
 * Quarkus version lack it, reading is not paused at the socket; {@link ClientConnectionBase} then
 * holds what arrives, bounded, and messages still never go past the router's bounds.
 */
final class WebSocketClientConnection extends ClientConnectionBase {

    private static final Logger LOG = Logger.getLogger(WebSocketClientConnection.class);
    private static final Buffer PING = Buffer.buffer();
    /** websockets-next's accessor of the Vert.x WebSocket under a connection; null when not found. */
    private static final Method VERTX_SOCKET = vertxSocketAccessor();

    private final WebSocketConnection socket;
    /** The Vert.x WebSocket, to pause and resume reading; null when it cannot be reached. */
    private final WebSocketBase reads;

    /** Built on the connection's event loop (in its open callback), whose context it keeps. */
    WebSocketClientConnection(String clientId, WebSocketConnection socket, Context context, long sendBufferSize,
            GatewayMetrics metrics) {
        super(clientId, Transport.WEBSOCKET, socket.handshakeRequest().remoteAddress(), context, sendBufferSize,
                metrics);
        this.socket = socket;
        this.reads = vertxSocket(socket);
    }

    /** A message read from the client, for {@code listener} (held while reading is paused). */
    void received(ConnectionListener listener, boolean binary, Buffer data) {
        deliver(listener, binary, data);
    }

    @Override
    protected void pauseSocket() {
        if (reads != null) {
            reads.pause();
        }
    }

    @Override
    protected void resumeSocket() {
        if (reads != null) {
            reads.resume();
        }
    }

    private static Method vertxSocketAccessor() {
        try {
            Method accessor = WebSocketConnectionBase.class.getDeclaredMethod("webSocket");
            accessor.setAccessible(true);
            return accessor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("WebSocket reads cannot be paused (websockets-next changed: %s); paused clients' messages"
                    + " are held in memory instead, bounded", e.toString());
            return null;
        }
    }

    private static WebSocketBase vertxSocket(WebSocketConnection socket) {
        if (VERTX_SOCKET == null || !(socket instanceof WebSocketConnectionBase)) {
            return null;
        }
        try {
            return (WebSocketBase) VERTX_SOCKET.invoke(socket);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("no Vert.x WebSocket under %s: %s", socket.id(), e.toString());
            return null;
        }
    }

    /** A message over the size limit, or another protocol breach: closed, then counted. */
    void violated(CloseReason reason) {
        abortCounted(reason);
    }

    @Override
    protected void ping() {
        // Browsers and WebSocket libraries answer a ping with a pong by themselves.
        socket.sendPing(PING).subscribe().with(done -> {
        }, failure -> {
        }); // closed meanwhile: the close is reported on its own
    }

    @Override
    protected void write(boolean binary, Buffer data, Runnable written) {
        if (socket.isClosed()) {
            written.run();
            return;
        }
        // The buffer may go to many clients: Vert.x writes a slice of it and never changes it.
        Uni<Void> write = binary ? socket.sendBinary(data) : socket.sendText(data.toString(StandardCharsets.UTF_8));
        write.subscribe().with(done -> written.run(), failure -> written.run());
    }

    @Override
    protected void closeAfterWrites(CloseReason reason) {
        closeSocket(reason);
    }

    @Override
    protected void closeSocket(CloseReason reason) {
        if (socket.isClosed()) {
            return; // e.g. Vert.x dropped it after a refused frame, whose close frame went out already
        }
        socket.close(new io.quarkus.websockets.next.CloseReason(reason.code(), reason.reason()))
                .subscribe().with(done -> {
                }, failure -> {
                }); // already closed: nothing left to do
    }
}
