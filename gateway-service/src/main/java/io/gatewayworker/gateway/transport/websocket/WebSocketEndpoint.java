package io.gatewayworker.gateway.transport.websocket;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.heartbeat.HeartbeatMonitor;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;

/**
 * The WebSocket endpoint {@code /ws}: adapts each connection to a {@link WebSocketClientConnection}
 * and reports its life to the {@link ConnectionListener}.
 * <p>
 * Every callback is non-blocking, synchronous, and runs on the connection's event loop, so callbacks
 * of one connection run one at a time in the order its frames arrived, which is the order the listener
 * needs. That is why the endpoint asks for CONCURRENT inbound processing: SERIAL would give the same
 * order here, but at the price of a per-connection limiter whose Mutiny MPSC queue pre-allocates a
 * 256-slot chunk — about 1.2 KB of heap per idle connection (see bench/PERFORMANCE.md). A callback
 * that returned a Uni, or blocked, would need SERIAL back.
 * Message size is enforced twice: Quarkus' server limits (set from {@code gateway.websocket.max-message-size}
 * in application.properties) stop an oversize message before it is buffered, and the check here
 * guards a deployment that overrides those.
 */
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class WebSocketEndpoint {

    private static final Logger LOG = Logger.getLogger(WebSocketEndpoint.class);
    private static final TypedKey<WebSocketClientConnection> CLIENT = new TypedKey<>("gateway.client");

    @Inject
    ConnectionListener listener;
    @Inject
    ClientIdGenerator ids;
    @Inject
    GatewayConfig config;
    @Inject
    GatewayMetrics metrics;
    @Inject
    HeartbeatMonitor heartbeat;

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection socket) {
        WebSocketClientConnection client = new WebSocketClientConnection(ids.next(), socket,
                Vertx.currentContext(), config.sendBufferSize(), metrics);
        Admission admission = listener.opened(client);
        if (!admission.accepted()) {
            client.refuse(admission.refusal()); // not kept in userData: its close is not reported
            return;
        }
        socket.userData().put(CLIENT, client);
        heartbeat.track(client);
        HandshakeRequest handshake = socket.handshakeRequest();
        listener.handshake(client, handshake.path(), handshake.query(), headers(handshake));
    }

    @OnTextMessage
    @NonBlocking
    public void onText(WebSocketConnection socket, String text) {
        received(socket, false, Buffer.buffer(text));
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(WebSocketConnection socket, Buffer data) {
        received(socket, true, data);
    }

    /** The answer to the gateway's heartbeat ping: the client is alive. */
    @OnPongMessage
    @NonBlocking
    public void onPong(WebSocketConnection socket, Buffer data) {
        WebSocketClientConnection client = socket.userData().get(CLIENT);
        if (client != null) {
            client.alive();
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection socket) {
        if (socket.userData().get(CLIENT) == null) {
            return; // refused at admission
        }
        // When Netty refuses an oversize frame it closes the connection first and reports the error
        // right after, in the same turn of the event loop: report the close on the next turn, so
        // that the error can still name the reason.
        Vertx.currentContext().runOnContext(ignored -> reportClose(socket));
    }

    private void reportClose(WebSocketConnection socket) {
        WebSocketClientConnection client = socket.userData().remove(CLIENT);
        heartbeat.untrack(client);
        CloseReason ours = client.closedBy();
        if (ours != null) {
            listener.closed(client, ours.code(), ours.reason());
            return;
        }
        io.quarkus.websockets.next.CloseReason theirs = socket.closeReason();
        if (theirs == null || theirs.getCode() == io.quarkus.websockets.next.CloseReason.ABNORMAL.getCode()) {
            // No close frame: the connection broke.
            listener.closed(client, CloseReason.TRANSPORT_ERROR.code(), CloseReason.TRANSPORT_ERROR.reason());
            return;
        }
        String reason = theirs.getMessage();
        listener.closed(client, theirs.getCode(),
                reason == null || reason.isEmpty() ? CloseReason.CLIENT_CLOSED.reason() : reason);
    }

    @OnError
    @NonBlocking
    public void onError(WebSocketConnection socket, Throwable failure) {
        LOG.debugf("WebSocket %s failed: %s", socket.id(), failure.toString());
        WebSocketClientConnection client = socket.userData().get(CLIENT);
        if (client != null && !(failure instanceof HttpClosedException)) {
            client.violated(reasonFor(failure));
        }
    }

    /**
     * The close reason a transport failure deserves. Netty reports a frame over the size limit or
     * invalid UTF-8 with its close code; Vert.x reports a fragmented message over the limit only with
     * an IllegalStateException whose text names the "max message size", so that text is what we match.
     */
    static CloseReason reasonFor(Throwable failure) {
        if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("message size")) {
            return CloseReason.MESSAGE_TOO_BIG;
        }
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            int code = corrupted.closeStatus().code();
            if (code == CloseReason.MESSAGE_TOO_BIG.code()) {
                return CloseReason.MESSAGE_TOO_BIG;
            }
            if (code == CloseReason.INVALID_UTF8.code()) {
                return CloseReason.INVALID_UTF8;
            }
        }
        return CloseReason.PROTOCOL_ERROR;
    }

    private void received(WebSocketConnection socket, boolean binary, Buffer data) {
        WebSocketClientConnection client = socket.userData().get(CLIENT);
        if (client == null || !client.isOpen()) {
            return;
        }
        client.alive();
        if (data.length() > config.websocket().maxMessageSize()) {
            client.violated(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        client.received(listener, binary, data);
    }

    /** Header names lower-cased, repeated headers joined with ", " (gateway.proto's WebSocketConnected). */
    private static Map<String, String> headers(HandshakeRequest handshake) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : handshake.headers().entrySet()) {
            headers.merge(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()),
                    (first, second) -> first + ", " + second);
        }
        return headers;
    }
}
