package io.gatewayworker.gateway.heartbeat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveTransportTest;
import io.gatewayworker.support.websocket.RawWebSocket;
import io.gatewayworker.support.websocket.RawWebSocket.Ending;
import io.gatewayworker.support.websocket.RawWebSocket.Frame;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient;
import io.gatewayworker.proto.link.ClientEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The client heartbeat with a 200 ms interval and a limit of 5 missed intervals (HeartbeatProfile). */
@QuarkusTest
@TestProfile(HeartbeatProfile.class)
@WithTestResource(FakeRegisterResource.class)
class HeartbeatTest extends LiveTransportTest {

    /** Well past the limit: a client still open after this many pings was kept alive by its answers. */
    private static final int PINGS = 12;

    @Inject
    HeartbeatMonitor heartbeat;
    @Inject
    MeterRegistry meters;

    @Test
    void aWebSocketClientThatNeverAnswersPingsIsClosedWithHeartbeatTimeoutAndTheWorkerSeesItsClose() {
        FakeWorker worker = worker("w-hb-silent", 64);
        double closesBefore = heartbeatCloses();
        RawWebSocket client = rawWebSocket();
        String clientId = worker.nextEvent().getClientId();
        worker.nextEvent(); // websocket_connect

        assertEquals(RawWebSocket.PING, client.next().opcode(), "the gateway pings");
        Ending close = client.awaitClose();

        assertEquals(new Ending(1001, "heartbeat timeout"), close);
        ClientEvent closed = worker.nextEvent();
        assertEquals(clientId, closed.getClientId());
        assertEquals(1001, closed.getClose().getCode());
        assertEquals("heartbeat timeout", closed.getClose().getReason());
        assertEquals(closesBefore + 1, heartbeatCloses());
        await().atMost(DEADLINE).until(() -> heartbeat.tracked() == 0); // it left its event loop's sweep
    }

    @Test
    void aWebSocketClientThatAnswersPingsWithPongsStaysOpen() {
        worker("w-hb-pong", 64);
        RawWebSocket client = rawWebSocket();

        for (int i = 0; i < PINGS; i++) {
            Frame frame = client.next();
            assertEquals(RawWebSocket.PING, frame.opcode(), "ping " + i + " instead of a close");
            client.send(RawWebSocket.PONG, frame.payload());
        }
        assertEquals(1, registry.count());
        assertEquals(1, heartbeat.tracked());
    }

    @Test
    void aWebSocketClientSendingItsOwnHeartbeatMessagesStaysOpen() {
        FakeWorker worker = worker("w-hb-own", 64);
        RawWebSocket client = rawWebSocket();
        worker.nextEvent();
        worker.nextEvent();

        for (int i = 0; i < PINGS; i++) {
            assertEquals(RawWebSocket.PING, client.next().opcode(), "ping " + i + " instead of a close");
            client.sendText("heartbeat " + i); // a message, no pong
        }
        for (int i = 0; i < PINGS; i++) {
            assertEquals("heartbeat " + i, worker.nextEvent().getMessage().getData().toStringUtf8());
        }
        assertEquals(1, registry.count());
    }

    @Test
    void aBrowserLikeClientAnswersPingsByItselfAndStaysOpen() {
        worker("w-hb-jdk", 64);
        WebSocketTestClient client = webSocket(); // the JDK's client pongs on its own

        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .until(() -> !client.isClosed() && registry.count() == 1);
    }

    @Test
    void aSilentTcpClientGetsThePingDataThenIsClosedWithHeartbeatTimeout() {
        FakeWorker worker = worker("w-hb-tcp", 64);
        TcpTestClient client = tcpClient();
        String clientId = worker.nextEvent().getClientId();

        assertEquals(HeartbeatProfile.TCP_PING, client.readLine());
        assertTrue(client.awaitEnd());

        ClientEvent closed = worker.nextEvent();
        assertEquals(clientId, closed.getClientId());
        assertEquals(CloseReason.HEARTBEAT_TIMEOUT.code(), closed.getClose().getCode());
        assertEquals("heartbeat timeout", closed.getClose().getReason());
        await().atMost(DEADLINE).until(() -> heartbeat.tracked() == 0);
    }

    @Test
    void aTcpClientSendingDataStaysOpen() {
        FakeWorker worker = worker("w-hb-tcp-alive", 64);
        TcpTestClient client = tcpClient();
        worker.nextEvent();

        for (int i = 0; i < PINGS; i++) {
            assertEquals(HeartbeatProfile.TCP_PING, client.readLine());
            client.write("pong " + i + "\n");
        }
        for (int i = 0; i < PINGS; i++) {
            assertEquals("pong " + i,
                    worker.nextEvent().getMessage().getData().toString(StandardCharsets.UTF_8));
        }
        assertEquals(1, registry.count());
    }

    private double heartbeatCloses() {
        return meters.get("gw.gateway.connections.refused").tag("reason", CloseReason.HEARTBEAT_TIMEOUT.name())
                .counter().count();
    }
}
