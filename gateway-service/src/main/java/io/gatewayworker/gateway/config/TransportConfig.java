package io.gatewayworker.gateway.config;

import io.smallrye.config.WithDefault;

/**
 * Settings of the client transports, hung under {@link GatewayConfig} as {@code tcp()} and
 * {@code websocket()}. Placeholder: the transport work replaces this file with the full set.
 */
public final class TransportConfig {

    private TransportConfig() {
    }

    /** The raw TCP listener ({@code gateway.tcp.*}). */
    public interface TcpConfig {

        @WithDefault("8282")
        int port();

        @WithDefault("0.0.0.0")
        String host();
    }

    /** The WebSocket endpoint ({@code gateway.websocket.*}). */
    public interface WebSocketConfig {

        /** Largest accepted message in bytes. */
        @WithDefault("1048576")
        int maxMessageSize();
    }
}
