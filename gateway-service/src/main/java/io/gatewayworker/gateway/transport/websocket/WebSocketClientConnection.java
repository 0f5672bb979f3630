package io.gatewayworker.gateway.transport.websocket;

import java.nio.charset.StandardCharsets;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.transport.ClientConnectionBase;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * One WebSocket client as a {@link Connection}, over a websockets-next {@link WebSocketConnection}:
 * text and binary frames, and close frames that carry the gateway's close code and reason. Close
 * state, ordering and the outbound budget are {@link ClientConnectionBase}'s.
 */
final class WebSocketClientConnection extends ClientConnectionBase {

    private static final Buffer PING = Buffer.buffer();

    private final WebSocketConnection socket;

    /** Built on the connection's event loop (in its open callback), whose context it keeps. */
    WebSocketClientConnection(String clientId, WebSocketConnection socket, Context context, long sendBufferSize,
            GatewayMetrics metrics) {
        super(clientId, Transport.WEBSOCKET, socket.handshakeRequest().remoteAddress(), context, sendBufferSize,
                metrics);
        this.socket = socket;
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
