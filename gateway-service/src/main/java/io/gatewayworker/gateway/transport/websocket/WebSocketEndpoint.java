package io.gatewayworker.gateway.transport.websocket;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.heartbeat.HeartbeatMonitor;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.context.storage.AccessMode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The WebSocket endpoint {@code /ws}, plain Vert.x on Quarkus' HTTP server: a route that upgrades the
 * request to a {@link ServerWebSocket} on the connection's event loop, adapts it to a
 * {@link WebSocketClientConnection}, and reports its life to the {@link ConnectionListener}.
 * <p>
 * What the workers need of the handshake (path, query, headers, remote address) is copied once into
 * the handshake event; the gateway keeps no reference to the request. Frame and message size limits
 * are the HTTP server's ({@link WebSocketServerOptions}); {@link WebSocketFrameChecks} adds what Vert.x
 * does not check.
 */
@ApplicationScoped
public class WebSocketEndpoint {

    private static final Logger LOG = Logger.getLogger(WebSocketEndpoint.class);
    /** Name of the HTTP server's idle-timeout handler in a Vert.x HTTP/1 pipeline. */
    static final String VERTX_IDLE_HANDLER = "idle";

    private final ConnectionListener listener;
    private final ClientIdGenerator ids;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final HeartbeatMonitor heartbeat;

    public WebSocketEndpoint(ConnectionListener listener, ClientIdGenerator ids, GatewayConfig config,
            GatewayMetrics metrics, HeartbeatMonitor heartbeat) {
        this.listener = listener;
        this.ids = ids;
        this.config = config;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    void route(@Observes Router router) {
        router.route("/ws").handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.getHeader(HttpHeaderNames.UPGRADE))) {
            context.next(); // not a WebSocket handshake: nothing here for it
            return;
        }
        // Vert.x's own class for every HTTP/1 connection: the gateway writes to its channel and adds
        // to its pipeline what Vert.x has no API for.
        Channel channel = ((ConnectionBase) request.connection()).channel();
        WebSocketFrameChecks.install(channel.pipeline());
        request.toWebSocket().onComplete(upgraded -> {
            if (upgraded.succeeded()) {
                opened(request, channel, upgraded.result());
            } else {
                LOG.debugf("WebSocket handshake failed: %s", upgraded.cause().toString());
            }
        });
    }

    /** On the connection's event loop, right after the upgrade. */
    private void opened(HttpServerRequest request, Channel channel, ServerWebSocket socket) {
        ContextInternal requestContext = (ContextInternal) io.vertx.core.Vertx.currentContext();
        // The event loop's own context, not the request's duplicate: it lives as long as the connection.
        ContextInternal context = requestContext.unwrap();
        WebSocketClientConnection client = new WebSocketClientConnection(ids.next(), socket, channel, context,
                config.sendBufferSize(), config.websocket().maxMessageSize(), listener, metrics, heartbeat);
        Admission admission = listener.opened(client);
        if (!admission.accepted()) {
            client.refuse(admission.refusal()); // no handlers: its close is not reported
            return;
        }
        client.start();
        if (heartbeat.closesSilentClients()) {
            dropIdleTimeout(channel.pipeline());
        }
        listener.handshake(client, request.path(), request.query(), headers(request));
        // Vert.x keeps the upgrade request's headers in the socket for the connection's life (~1 KB with
        // a handful of headers, more from a browser); the handshake event has its own copy and nothing
        // reads them again.
        socket.headers().clear();
        dropRequestLocals(requestContext);
    }

    /**
     * Drops the local-data map of the upgrade request's duplicated context, which the socket keeps (its
     * callbacks run on it) for the connection's life: a {@code ConcurrentHashMap} with its table and two
     * entries, ~230 B a connection. What Quarkus put there concerns the HTTP request, which is over once
     * the 101 is sent: the context-safety flag (read by reactive data access and HTTP security, neither
     * runs on a WebSocket's callbacks) and the matched route, {@code VertxRoute} (read by HTTP metrics and
     * tracing to name the request; /ws has no HTTP metrics, the gateway no tracing). The gateway's own
     * handlers keep nothing there. Should anything ask for local data later, Vert.x creates an empty map.
     */
    static void dropRequestLocals(ContextInternal requestContext) {
        if (requestContext.isDuplicate()) {
            requestContext.removeLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT);
        }
    }

    /**
     * Removes the HTTP server's idle timeout ({@code quarkus.http.idle-timeout}, a Netty
     * {@link IdleStateHandler} and its scheduled task, ~200 B a connection) from an upgraded connection:
     * the heartbeat pings the client and closes it once silent, which is the idle timeout a WebSocket
     * needs. Netty cancels the handler's task as it is removed.
     */
    private static void dropIdleTimeout(ChannelPipeline pipeline) {
        if (pipeline.get(VERTX_IDLE_HANDLER) instanceof IdleStateHandler) {
            pipeline.remove(VERTX_IDLE_HANDLER);
        }
    }

    /**
     * The close reason a transport failure deserves. Netty reports a frame over the size limit or
     * invalid UTF-8 with its close code; anything else the socket fails with is a protocol breach.
     */
    static CloseReason reasonFor(Throwable failure) {
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

    /** Header names lower-cased, repeated headers joined with ", " (gateway.proto's WebSocketConnected). */
    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
                    (first, second) -> first + ", " + second);
        }
        return headers;
    }
}
