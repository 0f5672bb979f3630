package io.gatewayworker.worker.example.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gatewayworker.worker.api.ClientContext;
import io.gatewayworker.worker.api.Events;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.api.Message;
import io.gatewayworker.worker.config.WorkerConfig;
import io.quarkus.arc.DefaultBean;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The example chat application: rooms, private messages, and messages to a user's every connection.
 * It is the worker's {@link Events} bean only while the application provides none of its own
 * ({@code @DefaultBean}), and does nothing when {@code worker.example.enabled=false}.
 * <p>
 * Protocol: one JSON object per WebSocket text frame or TCP text line, with a {@code type}.
 * {@code time} is always epoch milliseconds (a JSON number).
 * <ul>
 * <li>on connect the client receives {@code {"type":"welcome","client_id":"<id>"}};</li>
 * <li>{@code {"type":"login","name":"alice","room":"lobby"}} binds the connection to uid {@code alice}
 * and puts it in group {@code lobby}; the room (the new member included) receives
 * {@code {"type":"login","client_id","name","room","time"}}, then the new member receives
 * {@code {"type":"members","room","members":[{"client_id","name"},...]}} sorted by name. Names and
 * rooms are 1 to {@value #MAX_NAME_LENGTH} characters without control characters; a connection logs in
 * once;</li>
 * <li>{@code {"type":"say","content":"hi"}} (after login): the sender's room receives
 * {@code {"type":"say","from_client_id","from_name","to":"room","content","time"}}; with
 * {@code "to_client_id"} only that client and the sender receive it ({@code "to":"client"}); with
 * {@code "to_uid"} every connection bound to that uid and the sender ({@code "to":"uid"}). Content is
 * 1 to {@value #MAX_CONTENT_LENGTH} characters;</li>
 * <li>{@code {"type":"echo","data":<any JSON>}}: the sender receives {@code {"type":"echo","data":<same>}},
 * with {@code "redelivered":true} added when the gateway delivered the message again because the worker
 * that had it died before acknowledging it (so a client can tell such a repeat from a message it sent
 * twice);</li>
 * <li>on close the room receives {@code {"type":"logout","client_id","name","time"}}.</li>
 * </ul>
 * Anything else (malformed JSON, binary data, an unknown type, a missing or invalid field, {@code say}
 * before {@code login}) gets {@code {"type":"error","reason":"..."}}; the connection stays open.
 * <p>
 * Non-blocking: no handler waits for anything (the member list is an {@link Gateway#async()} query,
 * sent when the gateways answered), so they all run on the event loop that received their event.
 */
@DefaultBean
@ApplicationScoped
@NonBlocking
public class ChatEvents implements Events {

    static final int MAX_NAME_LENGTH = 32;
    static final int MAX_CONTENT_LENGTH = 2000;

    private final ObjectMapper json;
    private final Gateway gateway;
    private final boolean enabled;

    @Inject
    public ChatEvents(ObjectMapper json, Gateway gateway, WorkerConfig config) {
        this(json, gateway, config.example().enabled());
    }

    ChatEvents(ObjectMapper json, Gateway gateway, boolean enabled) {
        this.json = json;
        this.gateway = gateway;
        this.enabled = enabled;
    }

    @Override
    public void onConnect(ClientContext client) {
        if (enabled) {
            client.send(write(json.createObjectNode().put("type", "welcome").put("client_id", client.clientId())));
        }
    }

    @Override
    public void onMessage(ClientContext client, Message message) {
        if (!enabled) {
            return;
        }
        try {
            JsonNode request = parse(message);
            String type = text(request, "type");
            switch (type) {
                case "login" -> login(client, request);
                case "say" -> say(client, request);
                case "echo" -> echo(client, request);
                default -> throw new Rejected("unknown type: " + abbreviate(type));
            }
        } catch (Rejected rejected) {
            client.send(write(json.createObjectNode().put("type", "error").put("reason", rejected.getMessage())));
        }
    }

    @Override
    public void onClose(ClientContext client) {
        String name = client.session().getString("name");
        String room = client.session().getString("room");
        if (enabled && name != null && room != null) {
            gateway.sendToGroup(room, write(json.createObjectNode().put("type", "logout")
                    .put("client_id", client.clientId()).put("name", name).put("time", now())));
        }
    }

    private void login(ClientContext client, JsonNode request) throws Rejected {
        String current = client.session().getString("name");
        if (current != null) {
            throw new Rejected("already logged in as " + current);
        }
        String name = name(request, "name");
        String room = name(request, "room");
        String id = client.clientId();
        // Stored before the room hears of the login, so that members listing the room see the name.
        gateway.updateSession(id, Map.of("name", name, "room", room));
        gateway.bindUid(id, name);
        gateway.joinGroup(id, room);
        gateway.sendToGroup(room, write(json.createObjectNode().put("type", "login").put("client_id", id)
                .put("name", name).put("room", room).put("time", now())));
        // A gateway that does not answer in time is left out of the result; should the query fail as a
        // whole (the worker stopping), the new member still gets a list: itself.
        gateway.async().getClientSessionsByGroup(room).subscribe().with(
                sessions -> client.send(write(members(id, name, room, sessions.value()))),
                failure -> client.send(write(members(id, name, room, Map.of()))));
    }

    private ObjectNode members(String self, String selfName, String room, Map<String, Map<String, Object>> sessions) {
        List<String[]> members = new ArrayList<>();
        boolean selfListed = false;
        for (Map.Entry<String, Map<String, Object>> member : sessions.entrySet()) {
            // A member logging in on another worker may not have stored its name yet: it announces itself.
            if (member.getValue().get("name") instanceof String name) {
                members.add(new String[] {member.getKey(), name});
                selfListed |= member.getKey().equals(self);
            }
        }
        if (!selfListed) { // e.g. this gateway did not answer in time
            members.add(new String[] {self, selfName});
        }
        members.sort(Comparator.<String[], String>comparing(member -> member[1]).thenComparing(member -> member[0]));
        ObjectNode reply = json.createObjectNode().put("type", "members").put("room", room);
        ArrayNode list = reply.putArray("members");
        members.forEach(member -> list.addObject().put("client_id", member[0]).put("name", member[1]));
        return reply;
    }

    private void say(ClientContext client, JsonNode request) throws Rejected {
        String name = client.session().getString("name");
        String room = client.session().getString("room");
        if (name == null || room == null) {
            throw new Rejected("login first");
        }
        String content = text(request, "content");
        if (content.isEmpty() || content.length() > MAX_CONTENT_LENGTH) {
            throw new Rejected("content must be 1 to " + MAX_CONTENT_LENGTH + " characters");
        }
        ObjectNode said = json.createObjectNode().put("type", "say").put("from_client_id", client.clientId())
                .put("from_name", name);
        if (request.hasNonNull("to_client_id")) {
            String to = text(request, "to_client_id");
            String message = write(said.put("to", "client").put("content", content).put("time", now()));
            try {
                gateway.sendToClient(to, message);
            } catch (IllegalArgumentException e) {
                throw new Rejected("to_client_id is not a client id");
            } catch (GatewayUnreachableException e) {
                throw new Rejected("client " + to + " is not reachable");
            }
            if (!to.equals(client.clientId())) {
                client.send(message);
            }
        } else if (request.hasNonNull("to_uid")) {
            String uid = text(request, "to_uid");
            if (uid.isEmpty()) {
                throw new Rejected("to_uid must not be empty");
            }
            String message = write(said.put("to", "uid").put("content", content).put("time", now()));
            gateway.sendToUid(uid, message);
            if (!uid.equals(name)) { // the sender's own connections are bound to its name
                client.send(message);
            }
        } else {
            gateway.sendToGroup(room, write(said.put("to", "room").put("content", content).put("time", now())));
        }
    }

    private void echo(ClientContext client, JsonNode request) throws Rejected {
        if (!request.has("data")) {
            throw new Rejected("missing field: data");
        }
        ObjectNode reply = json.createObjectNode().put("type", "echo");
        reply.set("data", request.get("data"));
        if (client.redelivered()) {
            reply.put("redelivered", true);
        }
        client.send(write(reply));
    }

    private JsonNode parse(Message message) throws Rejected {
        if (message.isBinary()) {
            throw new Rejected("binary messages are not supported: send JSON text");
        }
        JsonNode request;
        try {
            request = json.readTree(message.text());
        } catch (JsonProcessingException e) {
            throw new Rejected("malformed JSON");
        }
        if (request == null || !request.isObject()) {
            throw new Rejected("a message must be a JSON object");
        }
        return request;
    }

    /** A required string field. */
    private static String text(JsonNode request, String field) throws Rejected {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw new Rejected("missing field: " + field);
        }
        if (!value.isTextual()) {
            throw new Rejected(field + " must be a string");
        }
        return value.textValue();
    }

    /** A user or room name: 1 to MAX_NAME_LENGTH characters, no control characters, not blank. */
    private static String name(JsonNode request, String field) throws Rejected {
        String name = text(request, field);
        if (name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new Rejected(field + " must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new Rejected(field + " must not contain control characters");
        }
        return name;
    }

    private String write(ObjectNode message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat message", e); // a tree of strings always writes
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }

    /** A request the protocol does not accept; its message is the reason the client receives. */
    private static final class Rejected extends Exception {

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
