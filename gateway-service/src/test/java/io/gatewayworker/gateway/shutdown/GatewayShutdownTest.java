package io.gatewayworker.gateway.shutdown;

import static io.gatewayworker.gateway.support.Commands.sendText;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.util.stream.Collectors.toSet;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.shutdown.ShutdownState.Phase;
import io.gatewayworker.gateway.support.FakeRegister;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient.Close;
import io.gatewayworker.gateway.transport.tcp.TcpListener;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Transport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The shutdown sequence against the running gateway, with real WebSocket and TCP clients and a fake
 * worker, in its own application instance (the sequence runs once): the order of its steps, going-away
 * on the wire, and the waits for the worker's acknowledgements.
 */
@QuarkusTest
@TestProfile(GatewayShutdownTest.LongerDrain.class)
@WithTestResource(FakeRegisterResource.class)
class GatewayShutdownTest extends LiveGatewayTest {

    /**
     * Long enough to try new clients and use the old ones while the gateway drains, with slack for a
     * busy machine; short enough that CLOSING follows within the test's deadline.
     */
    public static class LongerDrain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.shutdown.drain-period", "6s", "gateway.shutdown.close-timeout", "10s");
        }
    }

    private static final Close GOING_AWAY = new Close(1001, "gateway shutting down");

    @TestHTTPResource("/ws")
    URI ws;
    @Inject
    GatewayShutdown shutdown;
    @Inject
    ShutdownState state;
    @Inject
    TcpListener tcp;

    @Test
    void readinessGoesDownFirstThenClientsGetTheirRepliesThenGoingAwayAndTheGatewayLeavesOnceTheWorkerAckedTheirClose()
            throws Exception {
        FakeRegister register = FakeRegisterResource.register();
        await().atMost(DEADLINE).until(() -> register.openJoins() == 1);
        FakeWorker worker = worker("w-shutdown", 64);
        try (WebSocketTestClient webSocket = WebSocketTestClient.connect(ws);
                TcpTestClient tcpClient = new TcpTestClient(tcp.port())) {
            List<ClientEvent> connects = List.of(worker.nextEvent(), worker.nextEvent(), worker.nextEvent());
            String webSocketId = connects.stream().filter(ClientEvent::hasWebsocketConnect).findFirst().orElseThrow()
                    .getClientId();
            String tcpId = connects.stream().filter(e -> e.getTransport() == Transport.TCP).findFirst().orElseThrow()
                    .getClientId();
            connects.forEach(event -> worker.ack(event.getEventId()));
            given().get("/q/health/ready").then().statusCode(200);

            CompletableFuture<Void> sequence = CompletableFuture.runAsync(shutdown::run);

            // (a) Not ready at once, while every client is still connected; the worker is told.
            await().atMost(DEADLINE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'accepting-clients' }.status", equalTo("DOWN")));
            assertEquals("shutdown", worker.next().getDrain().getReason());
            assertFalse(webSocket.isClosed());
            // (b) New clients are refused: WebSocket with going-away, TCP with the connection's end.
            try (WebSocketTestClient late = WebSocketTestClient.connect(ws);
                    TcpTestClient lateTcp = new TcpTestClient(tcp.port())) {
                assertEquals(GOING_AWAY, late.awaitClose());
                assertTrue(lateTcp.awaitEnd());
            }
            // (c) The clients connected before keep working during the drain period.
            webSocket.sendText("still here");
            ClientEvent inFlight = worker.nextEvent();
            assertEquals("still here", inFlight.getMessage().getData().toStringUtf8());
            await().atMost(DEADLINE).until(() -> state.phase() == Phase.CLOSING);
            await().during(300, TimeUnit.MILLISECONDS).atMost(DEADLINE).until(() -> !webSocket.isClosed());

            // (d) The event in flight is answered, then acked: its replies go out before the 1001.
            worker.send(sendText(webSocketId, "reply 1"), sendText(webSocketId, "reply 2"), sendText(tcpId, "tcp reply"));
            worker.ack(inFlight.getEventId());
            assertEquals("reply 1", webSocket.next());
            assertEquals("reply 2", webSocket.next());
            assertEquals(GOING_AWAY, webSocket.awaitClose());
            assertEquals("tcp reply", tcpClient.readLine());
            assertTrue(tcpClient.awaitEnd());

            // (e) Each client's close reaches the worker; the gateway waits for the acks before leaving.
            List<ClientEvent> closes = List.of(worker.nextEvent(), worker.nextEvent());
            assertTrue(closes.stream().allMatch(e -> e.hasClose() && e.getClose().getCode() == 1001), closes::toString);
            assertEquals(Set.of(tcpId, webSocketId), closes.stream().map(ClientEvent::getClientId).collect(toSet()));
            await().during(300, TimeUnit.MILLISECONDS).atMost(DEADLINE)
                    .until(() -> !sequence.isDone() && register.openJoins() == 1);
            closes.forEach(close -> worker.ack(close.getEventId()));

            // (f) Then it leaves the register (half-closes its Join stream) and is done.
            sequence.get(10, TimeUnit.SECONDS);
            assertEquals(0, register.openJoins());
            assertEquals(Phase.STOPPED, state.phase());
        }
    }
}
