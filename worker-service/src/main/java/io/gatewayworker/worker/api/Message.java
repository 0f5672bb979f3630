package io.gatewayworker.worker.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message a client sent: a text message (WebSocket text frame, TCP text line) or a binary one
 * (WebSocket binary frame, binary TCP codecs). Immutable.
 */
public final class Message {

    private final byte[] data;
    private final boolean binary;
    private String text;

    private Message(byte[] data, boolean binary) {
        this.data = data;
        this.binary = binary;
    }

    /** A text message. */
    public static Message text(String text) {
        Message message = new Message(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), false);
        message.text = text;
        return message;
    }

    /** A text message from its UTF-8 bytes (the array is not copied: do not change it afterwards). */
    public static Message utf8(byte[] utf8) {
        return new Message(Objects.requireNonNull(utf8, "utf8"), false);
    }

    /** A binary message (the array is not copied: do not change it afterwards). */
    public static Message binary(byte[] bytes) {
        return new Message(Objects.requireNonNull(bytes, "bytes"), true);
    }

    /** Whether the client sent binary data rather than text. */
    public boolean isBinary() {
        return binary;
    }

    /** The message as text: decoded as UTF-8 (binary messages too, with replacement characters where invalid). */
    public String text() {
        String decoded = text;
        if (decoded == null) {
            decoded = new String(data, StandardCharsets.UTF_8);
            text = decoded;
        }
        return decoded;
    }

    /** The message's bytes (UTF-8 for text); a copy, free to change. */
    public byte[] bytes() {
        return data.clone();
    }

    /** Size in bytes. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message message && message.binary == binary && Arrays.equals(message.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Boolean.hashCode(binary);
    }

    @Override
    public String toString() {
        return binary ? "binary message (" + data.length + " bytes)" : "text message (" + data.length + " bytes)";
    }
}
