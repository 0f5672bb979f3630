package io.gatewayworker.bench.baseline;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The chat protocol subset the benchmarks use — welcome, login (with the room's {@code login} and the
 * new member's {@code members}), {@code say} to the room, {@code echo}, logout, errors — with the same
 * message shapes as the worker's example {@code ChatEvents}, answered in-process with no worker hop.
 * It parses and writes JSON per message as the worker does, so the comparison is of the path, not of
 * skipped work. Thread-safe: connections live on several event loops and share the rooms.
 */
final class BaselineChat {

    static final int MAX_NAME_LENGTH = 32;
    static final int MAX_CONTENT_LENGTH = 2000;

    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Set<Member>> rooms = new ConcurrentHashMap<>();

    /** One logged-in connection. */
    private record Member(String clientId, String name, String room, ServerWebSocket ws) {
    }

    /** Serves one connection until it closes. */
    void serve(ServerWebSocket ws) {
        String clientId = "b" + ids.incrementAndGet();
        Member[] self = new Member[1]; // set by login; read on this connection's event loop only
        ws.textMessageHandler(text -> {
            try {
                self[0] = handle(ws, clientId, self[0], text);
            } catch (Rejected rejected) {
                ws.writeTextMessage(new JsonObject().put("type", "error").put("reason", rejected.getMessage()).encode());
            }
        });
        ws.binaryMessageHandler(data -> ws.writeTextMessage(new JsonObject().put("type", "error")
                .put("reason", "binary messages are not supported: send JSON text").encode()));
        ws.closeHandler(v -> {
            Member member = self[0];
            if (member != null) {
                rooms.computeIfPresent(member.room(), (room, members) -> {
                    members.remove(member);
                    return members.isEmpty() ? null : members;
                });
                toRoom(member.room(), new JsonObject().put("type", "logout").put("client_id", clientId)
                        .put("name", member.name()).put("time", System.currentTimeMillis()).encode());
            }
        });
        ws.writeTextMessage(new JsonObject().put("type", "welcome").put("client_id", clientId).encode());
    }

    private Member handle(ServerWebSocket ws, String clientId, Member self, String text) throws Rejected {
        JsonObject request;
        try {
            request = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new Rejected("malformed JSON");
        }
        String type = string(request, "type");
        switch (type) {
            case "login" -> {
                if (self != null) {
                    throw new Rejected("already logged in as " + self.name());
                }
                return login(ws, clientId, name(request, "name"), name(request, "room"));
            }
            case "say" -> say(self, request);
            case "echo" -> {
                if (!request.containsKey("data")) {
                    throw new Rejected("missing field: data");
                }
                ws.writeTextMessage(new JsonObject().put("type", "echo").put("data", request.getValue("data")).encode());
            }
            default -> throw new Rejected("unknown type: " + (type.length() <= 32 ? type : type.substring(0, 32) + "..."));
        }
        return self;
    }

    private Member login(ServerWebSocket ws, String clientId, String name, String room) {
        Member member = new Member(clientId, name, room, ws);
        Set<Member> members = rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        members.add(member);
        toRoom(room, new JsonObject().put("type", "login").put("client_id", clientId).put("name", name)
                .put("room", room).put("time", System.currentTimeMillis()).encode());
        JsonArray list = new JsonArray();
        members.stream().sorted(Comparator.comparing(Member::name).thenComparing(Member::clientId))
                .forEach(m -> list.add(new JsonObject().put("client_id", m.clientId()).put("name", m.name())));
        ws.writeTextMessage(new JsonObject().put("type", "members").put("room", room).put("members", list).encode());
        return member;
    }

    private void say(Member self, JsonObject request) throws Rejected {
        if (self == null) {
            throw new Rejected("login first");
        }
        String content = string(request, "content");
        if (content.isEmpty() || content.length() > MAX_CONTENT_LENGTH) {
            throw new Rejected("content must be 1 to " + MAX_CONTENT_LENGTH + " characters");
        }
        if (request.getValue("to_client_id") != null || request.getValue("to_uid") != null) {
            throw new Rejected("the baseline answers room messages only");
        }
        toRoom(self.room(), new JsonObject().put("type", "say").put("from_client_id", self.clientId())
                .put("from_name", self.name()).put("to", "room").put("content", content)
                .put("time", System.currentTimeMillis()).encode());
    }

    /** Writes to every member; Vert.x hands each write to the member's own event loop. */
    private void toRoom(String room, String message) {
        for (Member member : rooms.getOrDefault(room, Set.of())) {
            member.ws().writeTextMessage(message);
        }
    }

    private static String string(JsonObject request, String field) throws Rejected {
        Object value = request.getValue(field);
        if (value == null) {
            throw new Rejected("missing field: " + field);
        }
        if (!(value instanceof String text)) {
            throw new Rejected(field + " must be a string");
        }
        return text;
    }

    private static String name(JsonObject request, String field) throws Rejected {
        String name = string(request, field);
        if (name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new Rejected(field + " must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new Rejected(field + " must not contain control characters");
        }
        return name;
    }

    /** A request the protocol does not accept; its message is the reason the client receives. */
    private static final class Rejected extends Exception {

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
