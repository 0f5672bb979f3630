package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/** The example chat app's messages (see the README's protocol table) and matchers for them. */
public final class ChatProtocol {

    public static final ObjectMapper JSON = new ObjectMapper();

    private ChatProtocol() {
    }

    /** A received text as JSON; text that is not JSON is kept as a string node, so failures show it. */
    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    public static ObjectNode login(String name, String room) {
        return message("login").put("name", name).put("room", room);
    }

    public static ObjectNode say(String content) {
        return message("say").put("content", content);
    }

    public static ObjectNode sayToClient(String content, String clientId) {
        return say(content).put("to_client_id", clientId);
    }

    public static ObjectNode sayToUid(String content, String uid) {
        return say(content).put("to_uid", uid);
    }

    public static ObjectNode echo(JsonNode data) {
        ObjectNode echo = message("echo");
        echo.set("data", data);
        return echo;
    }

    /**
     * The text of a message an application pushes through the workers' HTTP API, {@code {"type":"push",
     * "content":…}}: not part of the chat protocol, the chat clients just receive it.
     */
    public static String push(String content) {
        return message("push").put("content", content).toString();
    }

    public static Predicate<JsonNode> pushed(String content) {
        return type("push").and(message -> content.equals(message.path("content").asText(null)));
    }

    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    public static Predicate<JsonNode> type(String type) {
        return message -> type.equals(message.path("type").asText(null));
    }

    public static Predicate<JsonNode> said(String content) {
        return type("say").and(message -> content.equals(message.path("content").asText(null)));
    }

    public static Predicate<JsonNode> loginOf(String clientId) {
        return type("login").and(message -> clientId.equals(message.path("client_id").asText(null)));
    }

    public static Predicate<JsonNode> logoutOf(String clientId) {
        return type("logout").and(message -> clientId.equals(message.path("client_id").asText(null)));
    }

    /** The echo of {@code {"type":"echo","data":n}}. */
    public static Predicate<JsonNode> echoOf(int n) {
        return type("echo").and(message -> message.path("data").asInt(-1) == n);
    }

    /** The numbers of the echoes among {@code messages} ({@code inbox().all()}), in their order, repeats included. */
    public static List<Integer> echoedNumbers(List<JsonNode> messages) {
        return messages.stream().filter(type("echo")).map(m -> m.path("data").asInt()).toList();
    }

    public static Predicate<JsonNode> membersOf(String room) {
        return type("members").and(message -> room.equals(message.path("room").asText(null)));
    }
}
