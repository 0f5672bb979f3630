package io.gatewayworker.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The baseline answers with the example chat protocol's message shapes (see the README's table). */
class BaselineChatTest {

    private static Vertx vertx;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        vertx = Vertx.vertx();
        BaselineServer.start(vertx, "127.0.0.1", port, 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A test client: every text message it receives, in order. */
    private record Client(WebSocket ws, BlockingQueue<JsonObject> inbox) {

        static Client connect() throws Exception {
            BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
            CompletableFuture<WebSocket> opened = new CompletableFuture<>();
            WebSocketClient client = vertx.createWebSocketClient();
            // Connected from an event-loop context, the handler is set as the connect completes there,
            // before the socket is read on. Connected from this thread, Vert.x could resume the socket
            // first and drop the welcome: with the handler on the connect future, and even with
            // ClientWebSocket's handlers set before connecting (1-2 welcomes lost in 300 connects on a
            // busy machine; none in 1,000 this way).
            vertx.getOrCreateContext().runOnContext(v -> client.connect(port, "127.0.0.1", "/ws")
                    .onSuccess(ws -> {
                        ws.textMessageHandler(text -> inbox.add(new JsonObject(text)));
                        opened.complete(ws);
                    })
                    .onFailure(opened::completeExceptionally));
            return new Client(opened.get(10, TimeUnit.SECONDS), inbox);
        }

        JsonObject next() throws InterruptedException {
            JsonObject message = inbox.poll(5, TimeUnit.SECONDS);
            assertNotNull(message, "no message within 5 s");
            return message;
        }

        void send(String text) {
            ws.writeTextMessage(text);
        }
    }

    @Test
    void welcomesLogsInEchoesAndBroadcastsToTheRoom() throws Exception {
        Client alice = Client.connect();
        JsonObject welcome = alice.next();
        assertEquals("welcome", welcome.getString("type"));
        String aliceId = welcome.getString("client_id");

        alice.send("{\"type\":\"login\",\"name\":\"alice\",\"room\":\"r1\"}");
        JsonObject login = alice.next();
        assertEquals("login", login.getString("type"));
        assertEquals(aliceId, login.getString("client_id"));
        assertEquals("r1", login.getString("room"));
        assertTrue(login.getLong("time") > 0);
        JsonObject members = alice.next();
        assertEquals("members", members.getString("type"));
        assertEquals(new JsonArray().add(new JsonObject().put("client_id", aliceId).put("name", "alice")),
                members.getJsonArray("members"));

        alice.send("{\"type\":\"echo\",\"data\":{\"n\":[1,2]}}");
        assertEquals(new JsonObject().put("type", "echo").put("data", new JsonObject().put("n", new JsonArray().add(1).add(2))),
                alice.next());

        Client bob = Client.connect();
        String bobId = bob.next().getString("client_id");
        bob.send("{\"type\":\"login\",\"name\":\"bob\",\"room\":\"r1\"}");
        assertEquals(bobId, alice.next().getString("client_id")); // alice hears bob's login
        bob.next(); // bob's own login
        assertEquals(2, bob.next().getJsonArray("members").size());

        bob.send("{\"type\":\"say\",\"content\":\"hi\"}");
        JsonObject said = alice.next();
        assertEquals("say", said.getString("type"));
        assertEquals(bobId, said.getString("from_client_id"));
        assertEquals("bob", said.getString("from_name"));
        assertEquals("room", said.getString("to"));
        assertEquals("hi", said.getString("content"));
        assertEquals(said.getString("content"), bob.next().getString("content")); // the sender is in the room

        bob.ws().close();
        JsonObject logout = alice.next();
        assertEquals("logout", logout.getString("type"));
        assertEquals(bobId, logout.getString("client_id"));
        assertEquals("bob", logout.getString("name"));
        alice.ws().close();
    }

    @Test
    void answersWhatItDoesNotAcceptWithAnErrorAndStaysOpen() throws Exception {
        Client client = Client.connect();
        client.next(); // welcome
        client.send("not json");
        assertEquals("malformed JSON", client.next().getString("reason"));
        client.send("{\"type\":\"say\",\"content\":\"hi\"}");
        assertEquals("login first", client.next().getString("reason"));
        client.send("{\"type\":\"dance\"}");
        assertEquals("unknown type: dance", client.next().getString("reason"));
        client.send("{\"type\":\"echo\"}");
        JsonObject error = client.next();
        assertEquals("error", error.getString("type"));
        assertEquals("missing field: data", error.getString("reason"));
        client.send("{\"type\":\"echo\",\"data\":1}");
        assertEquals(1, client.next().getInteger("data"));
        client.ws().close();
    }
}
