package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * A chat connection to a gateway, over WebSocket or TCP text lines: one JSON message per frame or
 * line each way. Received messages collect in the {@link #inbox()}.
 */
public interface ChatClient extends AutoCloseable {

    /** Generous: five JVMs share two cores with whatever else the machine runs. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Names the client in failure messages, e.g. {@code alice/ws@gateway1}. */
    String label();

    /** Sends one text message as is (also invalid JSON, for the error tests). */
    void send(String text);

    default void send(JsonNode message) {
        send(message.toString());
    }

    Inbox inbox();

    default JsonNode await(String what, Predicate<JsonNode> matcher) {
        return inbox().await(what, matcher, DEFAULT_TIMEOUT);
    }

    default JsonNode awaitType(String type) {
        return await("a \"" + type + "\" message", ChatProtocol.type(type));
    }

    /** Closes the connection from the client side (the server sees a disconnect). */
    @Override
    void close();
}
