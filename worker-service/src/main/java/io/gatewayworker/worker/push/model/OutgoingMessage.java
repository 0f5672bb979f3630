package io.gatewayworker.worker.push.model;

import java.util.function.Consumer;

/** A validated message: text or binary, never both. */
public final class OutgoingMessage {

    private final String text;
    private final byte[] bytes;

    private OutgoingMessage(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    public static OutgoingMessage text(String text) {
        return new OutgoingMessage(text, null);
    }

    public static OutgoingMessage binary(byte[] bytes) {
        return new OutgoingMessage(null, bytes);
    }

    /** Hands the message to the Gateway call of its kind. */
    public void send(Consumer<String> asText, Consumer<byte[]> asBinary) {
        if (text != null) {
            asText.accept(text);
        } else {
            asBinary.accept(bytes);
        }
    }
}
