package io.gatewayworker.worker.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message to send to clients through {@link Gateway}: text (UTF-8; a WebSocket text frame, or a
 * line/frame of the TCP listener's codec) or binary (a WebSocket binary frame, or a frame of the TCP
 * codec). The {@code String} and {@code byte[]} overloads of {@link Gateway} are shortcuts for
 * {@link #text} and {@link #binary}; use this type for a {@link #raw()} send.
 * <p>
 * Immutable; the bytes are copied when the message is built.
 */
public final class OutboundMessage {

    private final byte[] data;
    private final boolean binary;
    private final boolean raw;

    private OutboundMessage(byte[] data, boolean binary, boolean raw) {
        this.data = data;
        this.binary = binary;
        this.raw = raw;
    }

    /** A text message. */
    public static OutboundMessage text(String text) {
        return new OutboundMessage(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), false,
                false);
    }

    /** A binary message (the bytes are copied). */
    public static OutboundMessage binary(byte[] bytes) {
        return new OutboundMessage(Objects.requireNonNull(bytes, "bytes").clone(), true, false);
    }

    /**
     * This message, sent raw: TCP clients get the bytes exactly as they are, without the listener's
     * codec framing (no newline of the {@code text} codec, no length header of the {@code frame}
     * codec) — GatewayWorker's {@code $raw = true}. WebSocket clients get the message as a normal
     * text or binary frame: unlike GatewayWorker, a raw send cannot write bytes that are not a
     * WebSocket frame to a WebSocket connection.
     */
    public OutboundMessage raw() {
        return raw ? this : new OutboundMessage(data, binary, true);
    }

    /** Whether this is a binary message (else text). */
    public boolean isBinary() {
        return binary;
    }

    /** Whether TCP clients get the bytes without codec framing. */
    public boolean isRaw() {
        return raw;
    }

    /** The bytes to send (a copy; UTF-8 for text). */
    public byte[] bytes() {
        return data.clone();
    }

    @Override
    public String toString() {
        return (binary ? "binary" : "text") + (raw ? " raw" : "") + " message of " + data.length + " bytes";
    }
}
