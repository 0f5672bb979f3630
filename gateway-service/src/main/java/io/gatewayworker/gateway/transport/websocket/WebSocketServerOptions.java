package io.gatewayworker.gateway.transport.websocket;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The WebSocket settings of Quarkus' HTTP server, which serves {@code /ws}:
 * <ul>
 * <li>frame and message size: {@code gateway.websocket.max-message-size} for both, so that Netty refuses
 * an oversize frame from its header, before it is buffered (a single frame may be as large as a whole
 * message: browsers send a message as one frame);</li>
 * <li>closing timeout ({@code gateway.websocket.closing-timeout}): how long the gateway waits for a
 * client's close frame after sending its own before it drops the TCP connection (Vert.x waits 10 s by
 * default). A client closed for its heartbeat is silent by definition and will not answer: its onClose
 * should not wait for it.</li>
 * </ul>
 */
@ApplicationScoped
public class WebSocketServerOptions implements HttpServerOptionsCustomizer {

    private final int closingSeconds;
    private final int maxMessageSize;

    public WebSocketServerOptions(GatewayConfig config) {
        // Vert.x counts whole seconds; round up so a configured 500ms does not become "at once".
        long millis = config.websocket().closingTimeout().toMillis();
        this.closingSeconds = (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
        this.maxMessageSize = config.websocket().maxMessageSize();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        options.setWebSocketClosingTimeout(closingSeconds)
                .setMaxWebSocketFrameSize(maxMessageSize)
                .setMaxWebSocketMessageSize(maxMessageSize);
    }
}
