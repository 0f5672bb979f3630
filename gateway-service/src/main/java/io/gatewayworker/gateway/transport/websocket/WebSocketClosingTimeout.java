package io.gatewayworker.gateway.transport.websocket;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * How long the gateway waits for a client's close frame after sending its own before it drops the
 * TCP connection ({@code gateway.websocket.closing-timeout}; Vert.x waits 10 s by default). A client
 * closed for its heartbeat is silent by definition and will not answer: its onClose should not wait
 * for it. websockets-next has no setting for it, so it is set on the HTTP server's options.
 */
@ApplicationScoped
public class WebSocketClosingTimeout implements HttpServerOptionsCustomizer {

    private final int seconds;

    public WebSocketClosingTimeout(GatewayConfig config) {
        // Vert.x counts whole seconds; round up so a configured 500ms does not become "at once".
        long millis = config.websocket().closingTimeout().toMillis();
        this.seconds = (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setWebSocketClosingTimeout(seconds);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setWebSocketClosingTimeout(seconds);
    }
}
