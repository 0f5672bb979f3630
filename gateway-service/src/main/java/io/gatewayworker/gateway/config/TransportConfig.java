package io.gatewayworker.gateway.config;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.WithDefault;

/**
 * Settings of the client transports, hung under {@link GatewayConfig} as {@code tcp()} and
 * {@code websocket()}. The outbound limit shared by both is {@link GatewayConfig#sendBufferSize()}.
 */
public final class TransportConfig {

    private TransportConfig() {
    }

    /** The raw TCP listener ({@code gateway.tcp.*}). */
    public interface TcpConfig {

        /** Whether the gateway listens for raw TCP clients at all. */
        @WithDefault("true")
        boolean enabled();

        /** Port of the TCP listener; 0 picks a free one (tests). */
        @WithDefault("8282")
        int port();

        /**
         * Event loops serving TCP clients: one server per event loop shares the port. Default: one per
         * available processor.
         */
        OptionalInt eventLoops();

        /** Interface the TCP listener binds to. */
        @WithDefault("0.0.0.0")
        String host();

        /** How the byte stream is cut into messages: GatewayWorker's {@code text} or {@code frame} protocol. */
        @WithDefault("text")
        Codec codec();

        /**
         * Largest inbound message in bytes: a text line without its line end, or a frame's payload
         * without its 4-byte header. A client exceeding it is closed with MESSAGE_TOO_BIG.
         */
        @WithDefault("1048576")
        int maxFrameSize();
    }

    /** The framings a TCP listener speaks. */
    public enum Codec {
        /** Newline-delimited UTF-8 text; each line is a text message. */
        TEXT,
        /** 4-byte big-endian length (header included) then the payload; each frame is a binary message. */
        FRAME
    }

    /** The WebSocket endpoint {@code /ws} ({@code gateway.websocket.*}). */
    public interface WebSocketConfig {

        /**
         * Largest inbound message in bytes (frames of a fragmented message added up). A larger one
         * closes the connection with 1009 (MESSAGE_TOO_BIG). Also the HTTP server's WebSocket frame
         * limit, so an oversize frame is refused from its header, before it is buffered.
         */
        @WithDefault("1048576")
        int maxMessageSize();

        /**
         * After the gateway sent a close frame, how long it waits for the client's before it drops the
         * connection (whole seconds, rounded up). Short, so that the onClose of a client closed for
         * silence (heartbeat) or that vanished is not held back.
         */
        @WithDefault("2s")
        Duration closingTimeout();
    }
}
