package io.gatewayworker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.gatewayworker.bench.client.ChatFrames;
import io.vertx.core.json.JsonObject;

class ChatFramesTest {

    @Test
    void requestsAreTheProtocolsJson() {
        assertEquals(new JsonObject().put("type", "login").put("name", "r-1").put("room", "lobby"),
                new JsonObject(ChatFrames.login("r-1", "lobby")));
        JsonObject echo = new JsonObject(ChatFrames.echo(42, "xx"));
        assertEquals("echo", echo.getString("type"));
        assertEquals(42L, echo.getJsonObject("data").getLong("t"));
        assertEquals("t=7 xx", new JsonObject(ChatFrames.say(7, "xx")).getString("content"));
    }

    @Test
    void timestampsAreReadBackFromTheServersMessages() {
        assertEquals(123456789L, ChatFrames.echoedNanos("{\"type\":\"echo\",\"data\":{\"t\":123456789,\"p\":\"x\"}}"));
        assertEquals(99L, ChatFrames.saidNanos("{\"type\":\"say\",\"from_client_id\":\"a\",\"from_name\":\"s\","
                + "\"to\":\"room\",\"content\":\"t=99 xx\",\"time\":1}"));
        assertEquals(-1L, ChatFrames.saidNanos("{\"type\":\"say\",\"content\":\"hello\"}"));
    }

    @Test
    void typeAndStringFieldsAreFoundAnywhere() {
        String welcome = "{\"client_id\":\"c-1\",\"type\":\"welcome\"}";
        assertEquals("welcome", ChatFrames.type(welcome));
        assertEquals("c-1", ChatFrames.string(welcome, "client_id"));
        assertNull(ChatFrames.string(welcome, "reason"));
        assertEquals("", ChatFrames.type("{}"));
    }
}
