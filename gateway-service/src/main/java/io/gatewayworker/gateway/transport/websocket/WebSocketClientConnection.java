package io.gatewayworker.gateway.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.transport.OutboundBudget;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * One WebSocket client as a {@link Connection}, over a websockets-next {@link WebSocketConnection}.
 * <p>
 * Threading: {@link #send} and {@link #close} may be called from any thread; they hop onto the
 * connection's event loop through its task queue, so writes and closes keep the order in which
 * they were asked for. Outbound bytes are bounded by an {@link OutboundBudget}; a client over it is
 * closed with SLOW_CONSUMER and its pending output dropped.
 */
final class WebSocketClientConnection implements Connection {

    private final String clientId;
    private final WebSocketConnection socket;
    private final Context context;
    private final OutboundBudget budget;
    private final GatewayMetrics metrics;
    private final String remoteAddress;
    /** Why the gateway closes it, or CLIENT_CLOSED once closed otherwise; null while open. */
    private final AtomicReference<CloseReason> closing = new AtomicReference<>();
    private volatile boolean dropOutput;

    /** Built on the connection's event loop (in its open callback), whose context it keeps. */
    WebSocketClientConnection(String clientId, WebSocketConnection socket, Context context, long sendBufferSize,
            GatewayMetrics metrics) {
        this.clientId = clientId;
        this.socket = socket;
        this.context = context;
        this.budget = new OutboundBudget(sendBufferSize);
        this.metrics = metrics;
        String remote = socket.handshakeRequest().remoteAddress();
        this.remoteAddress = remote == null ? "" : remote;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void send(boolean binary, Buffer data, boolean raw) {
        if (closing.get() != null) {
            return;
        }
        int size = data.length();
        if (!budget.tryReserve(size)) {
            metrics.refused(CloseReason.SLOW_CONSUMER);
            destroy(CloseReason.SLOW_CONSUMER);
            return;
        }
        context.runOnContext(ignored -> write(binary, data, size));
    }

    private void write(boolean binary, Buffer data, int size) {
        if (dropOutput || socket.isClosed()) {
            budget.release(size);
            return;
        }
        // The buffer may go to many clients: Vert.x writes a slice of it and never changes it.
        Uni<Void> write = binary ? socket.sendBinary(data) : socket.sendText(data.toString(StandardCharsets.UTF_8));
        write.subscribe().with(done -> budget.release(size), failure -> budget.release(size));
    }

    @Override
    public void close(CloseReason reason) {
        if (closing.compareAndSet(null, reason)) {
            // Queued behind the writes asked for before it, so they go out first.
            context.runOnContext(ignored -> closeSocket(reason));
        }
    }

    @Override
    public void destroy(CloseReason reason) {
        if (closing.compareAndSet(null, reason)) {
            dropOutput = true;
            closeSocket(reason);
        }
    }

    /** Closes a connection refused at admission: the client gets the refusal's code and reason. */
    void refuse(CloseReason reason) {
        closing.set(reason);
        closeSocket(reason);
    }

    /** A message over the size limit, or another protocol breach: counted, then closed. */
    void violated(CloseReason reason) {
        if (closing.compareAndSet(null, reason)) {
            metrics.refused(reason);
            dropOutput = true;
            closeSocket(reason);
        }
    }

    @Override
    public boolean isOpen() {
        return closing.get() == null;
    }

    /**
     * The connection is closed: the code and reason for the close event. The gateway's own reason when
     * it closed the connection, otherwise what the client's close frame said.
     */
    CloseReason closedBy() {
        return closing.getAndSet(CloseReason.CLIENT_CLOSED);
    }

    private void closeSocket(CloseReason reason) {
        socket.close(new io.quarkus.websockets.next.CloseReason(reason.code(), reason.reason()))
                .subscribe().with(done -> {
                }, failure -> {
                }); // already closed: nothing left to do
    }
}
