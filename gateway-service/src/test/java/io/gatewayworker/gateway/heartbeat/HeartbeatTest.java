package io.gatewayworker.gateway.heartbeat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.RawWebSocketClient;
import io.gatewayworker.gateway.support.RawWebSocketClient.Frame;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient.Close;
import io.gatewayworker.gateway.transport.tcp.TcpListener;
import io.gatewayworker.proto.link.ClientEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The client heartbeat with a 200 ms interval and a limit of 2 missed intervals (HeartbeatProfile). */
@QuarkusTest
@TestProfile(HeartbeatProfile.class)
@WithTestResource(FakeRegisterResource.class)
class HeartbeatTest extends LiveGatewayTest {

    /** Well past the limit: a client still open after this many pings was kept alive by its answers. */
    private static final int PINGS = 8;

    @TestHTTPResource("/ws")
    URI ws;
    @Inject
    TcpListener tcp;
    @Inject
    ConnectionRegistry registry;
    @Inject
    HeartbeatMonitor heartbeat;
    @Inject
    MeterRegistry meters;

    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        await().atMost(DEADLINE).until(() -> registry.count() == 0 && heartbeat.tracked() == 0);
    }

    @Test
    void aWebSocketClientThatNeverAnswersPingsIsClosedWithHeartbeatTimeoutAndTheWorkerSeesItsClose() {
        FakeWorker worker = worker("w-hb-silent", 64);
        double closesBefore = heartbeatCloses();
        RawWebSocketClient client = raw();
        String clientId = worker.nextEvent().getClientId();
        worker.nextEvent(); // websocket_connect

        assertEquals(RawWebSocketClient.PING, client.next().opcode(), "the gateway pings");
        Close close = client.awaitClose();

        assertEquals(new Close(1001, "heartbeat timeout"), close);
        ClientEvent closed = worker.nextEvent();
        assertEquals(clientId, closed.getClientId());
        assertEquals(1001, closed.getClose().getCode());
        assertEquals("heartbeat timeout", closed.getClose().getReason());
        assertEquals(closesBefore + 1, heartbeatCloses());
    }

    @Test
    void aWebSocketClientThatAnswersPingsWithPongsStaysOpen() {
        worker("w-hb-pong", 64);
        RawWebSocketClient client = raw();

        for (int i = 0; i < PINGS; i++) {
            Frame frame = client.next();
            assertEquals(RawWebSocketClient.PING, frame.opcode(), "ping " + i + " instead of a close");
            client.send(RawWebSocketClient.PONG, frame.payload());
        }
        assertEquals(1, registry.count());
    }

    @Test
    void aWebSocketClientSendingItsOwnHeartbeatMessagesStaysOpen() {
        FakeWorker worker = worker("w-hb-own", 64);
        RawWebSocketClient client = raw();
        worker.nextEvent();
        worker.nextEvent();

        for (int i = 0; i < PINGS; i++) {
            assertEquals(RawWebSocketClient.PING, client.next().opcode(), "ping " + i + " instead of a close");
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
        WebSocketTestClient client = WebSocketTestClient.connect(ws); // the JDK's client pongs on its own
        clients.add(client);

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> !client.isClosed() && registry.count() == 1);
    }

    @Test
    void aSilentTcpClientGetsThePingDataThenIsClosedWithHeartbeatTimeout() {
        FakeWorker worker = worker("w-hb-tcp", 64);
        TcpTestClient client = tcp();
        String clientId = worker.nextEvent().getClientId();

        assertEquals(HeartbeatProfile.TCP_PING, client.readLine());
        assertTrue(client.awaitEnd());

        ClientEvent closed = worker.nextEvent();
        assertEquals(clientId, closed.getClientId());
        assertEquals(CloseReason.HEARTBEAT_TIMEOUT.code(), closed.getClose().getCode());
        assertEquals("heartbeat timeout", closed.getClose().getReason());
    }

    @Test
    void aTcpClientSendingDataStaysOpen() {
        FakeWorker worker = worker("w-hb-tcp-alive", 64);
        TcpTestClient client = tcp();
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

    private RawWebSocketClient raw() {
        RawWebSocketClient client = new RawWebSocketClient(ws);
        clients.add(client);
        return client;
    }

    private TcpTestClient tcp() {
        TcpTestClient client = new TcpTestClient(tcp.port());
        clients.add(client);
        return client;
    }
}
