package io.gatewayworker.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.google.protobuf.UnsafeByteOperations;

import io.gatewayworker.proto.link.Payload;

/**
 * A message to send to clients, through a worker's {@code Gateway} or the gateway client: text
 * (UTF-8; a WebSocket text frame, or a line/frame of the TCP listener's codec) or binary (a WebSocket
 * binary frame, or a frame of the TCP codec). Their {@code String} and {@code byte[]} overloads are
 * shortcuts for {@link #text} and {@link #binary}; use this type for a {@link #raw()} send.
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

    /** The wire payload (gateway.proto) carrying this message. */
    public Payload toPayload() {
        return Payload.newBuilder()
                .setKind(binary ? Payload.Kind.BINARY : Payload.Kind.TEXT)
                // data is private and never handed out (bytes() copies), so the payload may share it.
                .setData(UnsafeByteOperations.unsafeWrap(data))
                .setRaw(raw)
                .build();
    }
}
