package io.gatewayworker.gateway.transport.tcp;

import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.transport.OutboundBudget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One raw TCP client as a {@link Connection}: the listener's codec cuts its bytes into messages for
 * the {@link ConnectionListener} and frames what is sent to it.
 * <p>
 * Threading: socket callbacks run on the socket's event loop; {@link #send} and {@link #close} may
 * be called from any thread and hop onto that event loop, always through its task queue so that
 * writes and closes keep the order in which they were asked for. Outbound bytes are bounded by an
 * {@link OutboundBudget}; a client over it is destroyed with SLOW_CONSUMER.
 */
final class TcpClientConnection implements Connection {

    private static final Logger LOG = Logger.getLogger(TcpClientConnection.class);

    /** How long a graceful close waits for pending output to drain before closing anyway. */
    static final long CLOSE_GRACE_MS = 10_000;

    private final String clientId;
    private final NetSocket socket;
    private final Vertx vertx;
    private final Context context;
    private final TcpCodec codec;
    private final OutboundBudget budget;
    private final ConnectionListener listener;
    private final GatewayMetrics metrics;
    private final String remoteAddress;
    /** Why the gateway closes it, or CLIENT_CLOSED once closed otherwise; null while open. */
    private final AtomicReference<CloseReason> closing = new AtomicReference<>();
    private volatile boolean dropOutput;
    // Event-loop confined:
    private Future<Void> lastWrite = Future.succeededFuture();
    private long graceTimer = -1;

    TcpClientConnection(String clientId, NetSocket socket, Vertx vertx, TcpCodec codec, long sendBufferSize,
            ConnectionListener listener, GatewayMetrics metrics) {
        this.clientId = clientId;
        this.socket = socket;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.codec = codec;
        this.budget = new OutboundBudget(sendBufferSize);
        this.listener = listener;
        this.metrics = metrics;
        this.remoteAddress = socket.remoteAddress() == null ? "" : socket.remoteAddress().toString();
    }

    /** Asks the listener to admit the client and, if it does, starts reading. On the socket's event loop. */
    void start() {
        Admission admission = listener.opened(this);
        if (!admission.accepted()) {
            closing.set(admission.refusal());
            socket.close(); // TCP has no close reason to carry; the client just sees the end
            return;
        }
        socket.handler(codec.decoder(this::received, this::violated));
        socket.exceptionHandler(this::failed);
        socket.closeHandler(ignored -> closed());
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
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
        Buffer framed = raw ? data : codec.encode(data);
        int size = framed.length();
        if (!budget.tryReserve(size)) {
            metrics.refused(CloseReason.SLOW_CONSUMER);
            destroy(CloseReason.SLOW_CONSUMER);
            return;
        }
        context.runOnContext(ignored -> write(framed, size));
    }

    private void write(Buffer framed, int size) {
        if (dropOutput) {
            budget.release(size);
            return;
        }
        lastWrite = socket.write(framed);
        lastWrite.onComplete(ignored -> budget.release(size));
    }

    @Override
    public void close(CloseReason reason) {
        if (!closing.compareAndSet(null, reason)) {
            return;
        }
        // Queued behind the writes asked for before it; closes once the last of them is on the wire.
        context.runOnContext(ignored -> {
            if (dropOutput) {
                return;
            }
            graceTimer = vertx.setTimer(CLOSE_GRACE_MS, id -> socket.close());
            lastWrite.onComplete(written -> socket.close());
        });
    }

    @Override
    public void destroy(CloseReason reason) {
        if (!closing.compareAndSet(null, reason)) {
            return;
        }
        dropOutput = true;
        socket.close();
    }

    @Override
    public boolean isOpen() {
        return closing.get() == null;
    }

    private void received(Buffer message) {
        if (closing.get() == null) {
            listener.received(this, codec.binary(), message);
        }
    }

    private void violated(CloseReason reason) {
        metrics.refused(reason);
        socket.pause(); // read nothing more from a client that broke the protocol
        close(reason);
    }

    private void failed(Throwable failure) {
        LOG.debugf("TCP client %s failed: %s", clientId, failure.toString());
        if (closing.compareAndSet(null, CloseReason.TRANSPORT_ERROR)) {
            dropOutput = true;
        }
        socket.close();
    }

    private void closed() {
        if (graceTimer >= 0) {
            vertx.cancelTimer(graceTimer);
        }
        CloseReason reason = closing.getAndSet(CloseReason.CLIENT_CLOSED);
        if (reason == null) {
            // The client ended the connection: TCP carries no close code (0, as gateway.proto says).
            listener.closed(this, 0, CloseReason.CLIENT_CLOSED.reason());
        } else {
            listener.closed(this, reason.code(), reason.reason());
        }
    }
}
