package io.gatewayworker.gateway.transport.tcp;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.connection.LimitCloseLog;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.heartbeat.HeartbeatMonitor;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.transport.ClientConnectionBase;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * One raw TCP client as a {@link Connection}: the listener's codec cuts its bytes into messages for
 * the {@link ConnectionListener} and frames what is sent to it. Close state, ordering and the
 * outbound budget are {@link ClientConnectionBase}'s.
 * <p>
 * Threading: socket callbacks run on the socket's event loop, where the base class also writes.
 * Messages go to the socket's Netty channel unflushed (a Vert.x write flushes each); the base class
 * flushes once per event-loop iteration.
 */
final class TcpClientConnection extends ClientConnectionBase {

    private static final Logger LOG = Logger.getLogger(TcpClientConnection.class);

    /** How long a graceful close waits for pending output to drain before closing anyway. */
    static final long CLOSE_GRACE_MS = 10_000;

    private final NetSocket socket;
    private final Channel channel;
    private final Vertx vertx;
    private final TcpCodec codec;
    private final Buffer ping;
    private final HeartbeatMonitor heartbeat;
    // Event-loop confined:
    private ChannelFuture lastWrite;
    private long graceTimer = -1;

    /** {@code ping}: the heartbeat data, framed already; null to send none. */
    TcpClientConnection(String clientId, NetSocket socket, Vertx vertx, TcpCodec codec, Buffer ping,
            int sendBufferSize, ConnectionListener listener, GatewayMetrics metrics, HeartbeatMonitor heartbeat) {
        super(clientId, Transport.TCP, vertx.getOrCreateContext(), sendBufferSize, listener, metrics);
        this.socket = socket;
        // Vert.x's own class for every TCP socket it hands out.
        this.channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
        this.vertx = vertx;
        this.codec = codec;
        this.ping = ping;
        this.heartbeat = heartbeat;
    }

    /** Asks the listener to admit the client and, if it does, starts reading. On the socket's event loop. */
    void start() {
        Admission admission = listener().opened(this);
        if (!admission.accepted()) {
            refuse(admission.refusal()); // TCP has no close reason to carry; the client just sees the end
            return;
        }
        var decoder = codec.decoder(this::received, this::violated);
        socket.handler(bytes -> {
            alive(); // any bytes count, even part of a message: the client is there
            decoder.handle(bytes);
        });
        socket.exceptionHandler(this::failed);
        socket.closeHandler(ignored -> closed());
        heartbeat.track(this);
    }

    @Override
    public String remoteAddress() {
        return addressOf(socket.remoteAddress());
    }

    @Override
    protected void ping() {
        if (ping != null) {
            send(codec.binary(), ping, true); // framed already; bounded and ordered like any send
        }
    }

    @Override
    protected Buffer frame(Buffer data, boolean raw) {
        return raw ? data : codec.encode(data);
    }

    @Override
    protected void write(boolean binary, Buffer framed, Runnable written) {
        lastWrite = channel.write(framed.getByteBuf());
        lastWrite.addListener(ignored -> written.run());
    }

    @Override
    protected void flush() {
        channel.flush();
    }

    @Override
    protected void closeAfterWrites(CloseReason reason) {
        if (outputDropped()) {
            return;
        }
        // Closes once the last write asked for before the close is on the wire.
        if (lastWrite == null) {
            socket.close();
            return;
        }
        graceTimer = vertx.setTimer(CLOSE_GRACE_MS, id -> socket.close());
        channel.flush(); // the close comes before this iteration's flush
        lastWrite.addListener(written -> socket.close());
    }

    @Override
    protected void closeSocket(CloseReason reason) {
        socket.close();
    }

    private void received(Buffer message) {
        if (isOpen()) {
            deliver(codec.binary(), message);
        }
    }

    @Override
    protected void pauseSocket() {
        socket.pause();
    }

    @Override
    protected void resumeSocket() {
        socket.resume();
    }

    private void violated(CloseReason reason) {
        metrics().refused(reason);
        LimitCloseLog.closed(this, reason); // TCP carries no close reason: the log line tells it
        socket.pause(); // read nothing more from a client that broke the protocol
        close(reason);
    }

    private void failed(Throwable failure) {
        LOG.debugf("TCP client %s failed: %s", clientId(), failure.toString());
        if (!abort(CloseReason.TRANSPORT_ERROR)) {
            socket.close(); // closing already: end it now
        }
    }

    private void closed() {
        heartbeat.untrack(this);
        if (graceTimer >= 0) {
            vertx.cancelTimer(graceTimer);
        }
        CloseReason reason = closedBy();
        if (reason == null) {
            // The client ended the connection: TCP carries no close code (0, as gateway.proto says).
            listener().closed(this, 0, CloseReason.CLIENT_CLOSED.reason());
        } else {
            listener().closed(this, reason.code(), reason.reason());
        }
    }
}
