package io.gatewayworker.gateway.transport.websocket;

import static io.gatewayworker.gateway.support.Commands.closeClient;
import static io.gatewayworker.gateway.support.Commands.sendBinary;
import static io.gatewayworker.gateway.support.Commands.sendText;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.WebSocketTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient.Close;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Transport;
import io.gatewayworker.proto.link.WebSocketConnected;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class WebSocketTransportTest extends LiveGatewayTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    ConnectionRegistry registry;

    private final List<WebSocketTestClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(WebSocketTestClient::close);
        // Close events must reach the workers before LiveGatewayTest lets them go.
        await().atMost(DEADLINE).until(() -> registry.count() == 0);
    }

    @Test
    void withoutAWorkerTheConnectionIsClosedWithTheNoWorkerReason() {
        WebSocketTestClient client = connect("/ws", Map.of());

        assertEquals(new Close(1013, "no worker available"), client.awaitClose());
    }

    @Test
    void aConnectionReachesTheWorkerAsConnectHandshakeMessagesAndCloseWithOneClientId() {
        FakeWorker worker = worker("w-ws-events", 64);
        WebSocketTestClient client = connect("/ws?room=lobby&x=1", Map.of("X-Test-Header", "hello"));

        client.sendText("hi there");
        client.sendBinary(new byte[] { 1, 2, 3 });
        client.closeNormally();

        ClientEvent connect = worker.nextEvent();
        ClientEvent handshake = worker.nextEvent();
        ClientEvent text = worker.nextEvent();
        ClientEvent binary = worker.nextEvent();
        ClientEvent close = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CONNECT, connect.getKindCase());
        assertEquals(Transport.WEBSOCKET, connect.getTransport());
        assertTrue(connect.getRemoteAddress().startsWith("127.0.0.1:"), connect.getRemoteAddress());
        assertTrue(ids.isLocal(connect.getClientId()));
        WebSocketConnected data = handshake.getWebsocketConnect();
        assertEquals("/ws", data.getPath());
        assertEquals("room=lobby&x=1", data.getQuery());
        assertEquals("hello", data.getHeadersMap().get("x-test-header"));
        assertTrue(data.getHeadersMap().containsKey("sec-websocket-key"), data.getHeadersMap().toString());
        assertEquals(Payload.Kind.TEXT, text.getMessage().getKind());
        assertEquals("hi there", text.getMessage().getData().toStringUtf8());
        assertEquals(Payload.Kind.BINARY, binary.getMessage().getKind());
        assertArrayEquals(new byte[] { 1, 2, 3 }, binary.getMessage().getData().toByteArray());
        assertEquals(1000, close.getClose().getCode());
        assertEquals("bye", close.getClose().getReason());
        assertEquals(List.of(connect.getClientId()), List.of(handshake, text, binary, close).stream()
                .map(ClientEvent::getClientId).distinct().toList());
    }

    @Test
    void sendsFromTheWorkerArriveInOrderAsTextOrBinaryAndACloseCommandClosesWithItsReason() {
        FakeWorker worker = worker("w-ws-sends", 64);
        WebSocketTestClient client = connect("/ws", Map.of());
        String clientId = worker.nextEvent().getClientId();
        worker.nextEvent(); // websocket_connect

        worker.send(sendText(clientId, "one"), sendText(clientId, "two"),
                sendBinary(clientId, "three".getBytes(StandardCharsets.UTF_8)), sendText(clientId, "four"),
                closeClient(clientId));

        assertEquals(List.of("one", "two", "binary:three", "four"),
                List.of(client.next(), client.next(), client.next(), client.next()));
        assertEquals(new Close(1000, "closed by server"), client.awaitClose());
        worker.nextEvent(); // close
    }

    @Test
    void aFragmentedMessageOverTheSizeLimitClosesTheConnectionWithMessageTooBig() {
        FakeWorker worker = worker("w-ws-big", 64);
        WebSocketTestClient client = connect("/ws", Map.of());
        worker.nextEvent();
        worker.nextEvent();

        client.sendText("x".repeat(1_048_577)); // gateway.websocket.max-message-size + 1, sent in fragments

        assertEquals(new Close(1009, "message too big"), client.awaitClose());
        ClientEvent close = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CLOSE, close.getKindCase());
        assertEquals(1009, close.getClose().getCode());
        assertEquals("message too big", close.getClose().getReason());
    }

    @Test
    void aSingleFrameOverTheSizeLimitClosesTheConnectionWithMessageTooBig() {
        FakeWorker worker = worker("w-ws-big-frame", 64);
        WebSocketTestClient client = connect("/ws", Map.of());
        worker.nextEvent();
        worker.nextEvent();

        client.sendBinaryMayFail(new byte[1_048_577]); // one frame, as browsers send a message

        // Netty refuses the frame from its header and closes; the client, still sending the rest, may
        // see the connection reset (1006) before it reads the close frame, so only the end is certain.
        client.awaitClose();
        ClientEvent close = worker.nextEvent();
        assertEquals(1009, close.getClose().getCode());
        assertEquals("message too big", close.getClose().getReason());
    }

    @Test
    void failuresMapToTheCloseReasonTheyDeserve() {
        assertEquals(CloseReason.MESSAGE_TOO_BIG, WebSocketEndpoint.reasonFor(new CorruptedWebSocketFrameException(
                WebSocketCloseStatus.MESSAGE_TOO_BIG, "Max frame length of 10 has been exceeded.")));
        assertEquals(CloseReason.INVALID_UTF8, WebSocketEndpoint.reasonFor(new CorruptedWebSocketFrameException(
                WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "bad utf-8")));
        assertEquals(CloseReason.PROTOCOL_ERROR, WebSocketEndpoint.reasonFor(new IllegalArgumentException("other")));
    }

    private WebSocketTestClient connect(String pathAndQuery, Map<String, String> headers) {
        WebSocketTestClient client = WebSocketTestClient.connect(ws.resolve(pathAndQuery), headers);
        clients.add(client);
        return client;
    }
}
