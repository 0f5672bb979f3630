package io.gatewayworker.gateway.transport.websocket;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.heartbeat.HeartbeatMonitor;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.transport.ClientConnectionBase;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;

/**
 * One WebSocket client as a {@link Connection}, straight over a Vert.x {@link ServerWebSocket}: text and
 * binary messages both ways as bytes (never decoded to a String), and close frames that carry the
 * gateway's close code and reason. Close state, ordering and the outbound budget are
 * {@link ClientConnectionBase}'s; reading pauses with the socket's own {@code pause()}.
 * <p>
 * Threading: socket callbacks run on the connection's event loop, where the base class also writes.
 * <p>
 * Messages are written as Netty frames to the connection's channel without a flush (Vert.x flushes
 * every frame it writes); the base class flushes once per event-loop iteration. Vert.x's own writes
 * (pongs, pings, the close frame) share the channel and its order, and flush whatever is pending.
 */
final class WebSocketClientConnection extends ClientConnectionBase implements Handler<Object> {

    private static final Logger LOG = Logger.getLogger(WebSocketClientConnection.class);
    private static final Buffer PING = Buffer.buffer();

    private final ServerWebSocket socket;
    /** The connection's Netty channel, where messages are written. */
    private final Channel channel;
    private final HeartbeatMonitor heartbeat;
    /** Largest message read or frame written, in bytes ({@code gateway.websocket.max-message-size}). */
    private final int maxMessageSize;
    // Event-loop confined: the message being read in fragments, null between messages.
    private Buffer partial;
    private boolean partialBinary;
    /** The socket reported its close; {@link #closed} runs on the next turn of the event loop. */
    private boolean closeSeen;

    WebSocketClientConnection(String clientId, ServerWebSocket socket, Channel channel, Context context,
            int sendBufferSize, int maxMessageSize, ConnectionListener listener, GatewayMetrics metrics,
            HeartbeatMonitor heartbeat) {
        super(clientId, Transport.WEBSOCKET, context, sendBufferSize, listener, metrics);
        this.socket = socket;
        this.channel = channel;
        this.heartbeat = heartbeat;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Starts reading, once admitted. On the connection's event loop. The connection itself is the
     * handler of all four socket callbacks (told apart by what they pass, see {@link #handle}): no
     * handler objects per connection.
     */
    void start() {
        socket.frameHandler(self());
        socket.pongHandler(self()); // the answer to the heartbeat's ping
        socket.exceptionHandler(self());
        socket.closeHandler(self());
        heartbeat.track(this);
    }

    /** This connection as the handler of one kind of callback; {@link #handle} takes any kind. */
    @SuppressWarnings("unchecked")
    private <T> Handler<T> self() {
        return (Handler<T>) (Handler<?>) this;
    }

    /**
     * A socket callback: a frame, a pong's payload, a failure, or the close (null, twice: from the
     * socket, then from the next turn of the event loop).
     */
    @Override
    public void handle(Object event) {
        if (event instanceof WebSocketFrame frame) {
            frame(frame);
        } else if (event instanceof Buffer) {
            alive();
        } else if (event instanceof Throwable failure) {
            failed(failure);
        } else if (!closeSeen) {
            // When Netty refuses a frame it closes the connection first and reports the error right
            // after, in the same turn of the event loop: report the close on the next turn, so that the
            // error can still name the reason.
            closeSeen = true;
            context().runOnContext(self());
        } else {
            closed();
        }
    }

    @Override
    public String remoteAddress() {
        return addressOf(socket.remoteAddress());
    }

    /**
     * Every frame read, control frames included (Vert.x answers pings and handles close frames itself).
     * Messages are put together here from their frames' bytes: Vert.x's own aggregation would decode
     * text into a String, which the gateway would only encode again.
     */
    private void frame(WebSocketFrame frame) {
        alive();
        WebSocketFrameType type = frame.type();
        if (type == WebSocketFrameType.TEXT || type == WebSocketFrameType.BINARY) {
            if (frame.isFinal()) {
                message(type == WebSocketFrameType.BINARY, frame.binaryData());
            } else {
                partialBinary = type == WebSocketFrameType.BINARY;
                partial = Buffer.buffer();
                append(frame.binaryData());
            }
        } else if (type == WebSocketFrameType.CONTINUATION && partial != null && append(frame.binaryData())
                && frame.isFinal()) {
            Buffer whole = partial;
            partial = null;
            message(partialBinary, whole);
        }
    }

    /** Adds a fragment to the message being read; false (and closed) when the message grows too big. */
    private boolean append(Buffer fragment) {
        if (partial.length() + fragment.length() > maxMessageSize) {
            partial = null;
            violated(CloseReason.MESSAGE_TOO_BIG);
            return false;
        }
        partial.appendBuffer(fragment);
        return true;
    }

    private void message(boolean binary, Buffer data) {
        if (!isOpen()) {
            return;
        }
        if (data.length() > maxMessageSize) {
            violated(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        deliver(binary, data);
    }

    /** A message over the size limit, or another protocol breach: closed, then counted. */
    private void violated(CloseReason reason) {
        abortCounted(reason);
    }

    private void failed(Throwable failure) {
        LOG.debugf("WebSocket %s failed: %s", clientId(), failure.toString());
        if (!(failure instanceof HttpClosedException)) {
            violated(WebSocketEndpoint.reasonFor(failure));
        }
    }

    private void closed() {
        heartbeat.untrack(this);
        CloseReason ours = closedBy();
        if (ours != null) {
            listener().closed(this, ours.code(), ours.reason());
            return;
        }
        Short code = socket.closeStatusCode();
        if (code == null || code == CloseReason.TRANSPORT_ERROR.code()) {
            // No close frame: the connection broke.
            listener().closed(this, CloseReason.TRANSPORT_ERROR.code(), CloseReason.TRANSPORT_ERROR.reason());
            return;
        }
        String reason = socket.closeReason();
        listener().closed(this, code, reason == null || reason.isEmpty() ? CloseReason.CLIENT_CLOSED.reason() : reason);
    }

    @Override
    protected void pauseSocket() {
        socket.pause();
    }

    @Override
    protected void resumeSocket() {
        socket.resume();
    }

    @Override
    protected void ping() {
        if (!socket.isClosed()) {
            // Browsers and WebSocket libraries answer a ping with a pong by themselves.
            socket.writePing(PING);
        }
    }

    @Override
    protected void write(boolean binary, Buffer data, Runnable written) {
        if (socket.isClosed()) {
            written.run();
            return;
        }
        // The buffer may go to many clients: its frames are slices of it, written as they are (a text
        // message's bytes are UTF-8 already), and never changed. A message larger than the frame limit
        // goes in fragments of that size, as clients configured like the gateway accept.
        int length = data.length();
        for (int start = 0; start < length || start == 0; start += maxMessageSize) {
            int end = Math.min(length, start + maxMessageSize);
            ByteBuf bytes = (start == 0 && end == length ? data : data.slice(start, end)).getByteBuf();
            boolean last = end == length;
            var frame = start > 0 ? new ContinuationWebSocketFrame(last, 0, bytes)
                    : binary ? new BinaryWebSocketFrame(last, 0, bytes) : new TextWebSocketFrame(last, 0, bytes);
            if (last) {
                channel.write(frame).addListener(done -> written.run());
                return;
            }
            channel.write(frame);
        }
    }

    @Override
    protected void flush() {
        channel.flush();
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
        socket.close((short) reason.code(), reason.reason()); // closed meanwhile: nothing left to do
    }
}
