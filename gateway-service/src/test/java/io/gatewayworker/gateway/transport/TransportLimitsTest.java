package io.gatewayworker.gateway.transport;

import static io.gatewayworker.gateway.support.Commands.sendText;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveTransportTest;
import io.gatewayworker.support.websocket.RawWebSocket;
import io.gatewayworker.support.websocket.RawWebSocket.Ending;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient.Close;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.WorkerMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LimitedTransportProfile.class)
@WithTestResource(FakeRegisterResource.class)
class TransportLimitsTest extends LiveTransportTest {

    @Test
    void pastMaxConnectionsAWebSocketIsClosedWithTheConnectionLimitReason() {
        worker("w-limit", 64);
        tcpClient();
        webSocket();
        await().atMost(DEADLINE).until(() -> registry.count() == LimitedTransportProfile.MAX_CONNECTIONS);

        WebSocketTestClient refused = webSocket();

        assertEquals(new Close(1013, "connection limit reached"), refused.awaitClose());
        TcpTestClient refusedTcp = tcpClient();
        assertTrue(refusedTcp.awaitEnd());
        assertEquals(LimitedTransportProfile.MAX_CONNECTIONS, registry.count());
    }

    @Test
    void theFrameCodecCarriesBinaryMessagesBothWaysWithTheLengthIncludingItsHeader() {
        FakeWorker worker = worker("w-frames", 64);
        TcpTestClient client = tcpClient();
        String clientId = worker.nextEvent().getClientId();

        client.write(frame("first"));
        client.write(frame("second"));
        worker.send(sendText(clientId, "back"));

        ClientEvent first = worker.nextEvent();
        assertEquals(Payload.Kind.BINARY, first.getMessage().getKind());
        assertEquals("first", first.getMessage().getData().toStringUtf8());
        assertEquals("second", worker.nextEvent().getMessage().getData().toStringUtf8());
        assertArrayEquals(frame("back"), client.readBytes(8));
    }

    @Test
    void aBadFrameLengthEndsTheConnectionWithProtocolError() {
        FakeWorker worker = worker("w-bad-frame", 64);
        TcpTestClient client = tcpClient();
        worker.nextEvent();

        client.write(new byte[] { 0, 0, 0, 2 });

        assertTrue(client.awaitEnd());
        ClientEvent close = worker.nextEvent();
        assertEquals(1002, close.getClose().getCode());
        assertEquals("protocol error", close.getClose().getReason());
    }

    @Test
    void aTcpClientThatDoesNotReadIsClosedAsASlowConsumer() {
        FakeWorker worker = worker("w-slow", 64);
        tcpClient(); // never reads
        String clientId = worker.nextEvent().getClientId();
        String chunk = "x".repeat(32 * 1024);

        // Far more than the socket buffers hold: the gateway's own buffer must overflow.
        for (int batch = 0; batch < 100 && registry.count() > 0; batch++) {
            List<WorkerMessage> sends = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                sends.add(sendText(clientId, chunk));
            }
            worker.send(sends.toArray(WorkerMessage[]::new));
        }

        ClientEvent close = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CLOSE, close.getKindCase());
        assertEquals(1008, close.getClose().getCode());
        assertEquals("outbound buffer full", close.getClose().getReason());
    }

    @Test
    void aWebSocketMessageOverTheConfiguredSizeIsClosedWithMessageTooBig() {
        FakeWorker worker = worker("w-ws-limit", 64);
        WebSocketTestClient client = webSocket();
        worker.nextEvent();
        worker.nextEvent();

        client.sendText("y".repeat(4096)); // at the limit: accepted
        client.sendText("y".repeat(4097)); // one frame: Netty refuses it and closes at once

        assertEquals(4096, worker.nextEvent().getMessage().getData().size());
        assertEquals(1009, worker.nextEvent().getClose().getCode());
        client.awaitClose(); // 1009, or 1006 when the client reads the reset before the close frame
    }

    @Test
    void aSingleWebSocketFrameOverTheLimitGetsTheCloseFrame1009BeforeTheConnectionEnds() {
        FakeWorker worker = worker("w-ws-frame", 64);
        RawWebSocket client = rawWebSocket();
        worker.nextEvent();
        worker.nextEvent();

        client.sendHeader(RawWebSocket.TEXT, 4097); // refused from the header: no payload needed

        assertEquals(new Ending(1009, "message too big"), client.awaitClose());
        assertClosedWith(worker.nextEvent(), 1009, "message too big");
    }

    @Test
    void aTwoGibLengthPrefixEndsTheConnectionWithMessageTooBigFromTheHeaderAlone() {
        FakeWorker worker = worker("w-2gib", 64);
        TcpTestClient client = tcpClient();
        worker.nextEvent();

        client.write(new byte[] { (byte) 0x80, 0, 0, 0, 'x' }); // 2 GiB announced (negative as a signed int)

        assertTrue(client.awaitEnd());
        assertClosedWith(worker.nextEvent(), 1009, "message too big");
    }

    @Test
    void garbageInsteadOfAFrameHeaderEndsTheConnection() {
        FakeWorker worker = worker("w-garbage", 64);
        TcpTestClient client = tcpClient();
        worker.nextEvent();

        // An HTTP request on the frame port: "GET " read as a length is about 1.2 GB.
        client.write("GET / HTTP/1.1\r\nHost: gateway\r\n\r\n");

        assertTrue(client.awaitEnd());
        assertClosedWith(worker.nextEvent(), 1009, "message too big");
    }

    @Test
    void aTruncatedFrameDeliversNothingAndTheClientsCloseIsReported() {
        FakeWorker worker = worker("w-truncated", 64);
        TcpTestClient client = tcpClient();
        worker.nextEvent();

        client.write(frame("whole"));
        byte[] partial = frame("cut short");
        client.write(Arrays.copyOf(partial, 7)); // the header and 3 of its 9 payload bytes
        client.close();

        assertEquals("whole", worker.nextEvent().getMessage().getData().toStringUtf8());
        ClientEvent close = worker.nextEvent(); // no message for the cut frame: its close comes next
        assertEquals(ClientEvent.KindCase.CLOSE, close.getKindCase());
        assertEquals(0, close.getClose().getCode()); // the client ended it: TCP carries no code
    }

    @Test
    void invalidUtf8InAWebSocketTextFrameClosesWith1007() {
        FakeWorker worker = worker("w-utf8", 64);
        RawWebSocket client = rawWebSocket();
        worker.nextEvent();
        worker.nextEvent();

        client.send(RawWebSocket.TEXT, new byte[] { 'o', 'k', (byte) 0xC3, (byte) 0x28 }); // bad continuation

        assertEquals(new Ending(1007, "invalid utf-8"), client.awaitClose());
        assertClosedWith(worker.nextEvent(), 1007, "invalid utf-8");
    }

    private static void assertClosedWith(ClientEvent event, int code, String reason) {
        assertEquals(ClientEvent.KindCase.CLOSE, event.getKindCase(), () -> "not a close: " + event);
        assertEquals(code, event.getClose().getCode());
        assertEquals(reason, event.getClose().getReason());
    }

    private static byte[] frame(String payload) {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + data.length).putInt(4 + data.length).put(data).array();
    }
}
