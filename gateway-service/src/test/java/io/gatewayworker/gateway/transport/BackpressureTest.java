package io.gatewayworker.gateway.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.hub.ConnectedClient;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveTransportTest;
import io.gatewayworker.support.websocket.RawWebSocket;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.gateway.support.WebSocketTestClient;
import io.gatewayworker.proto.link.ClientEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Backpressure end to end, with real sockets and a worker that acknowledges only when told: a client
 * that floods is paused (its socket no longer read), not closed, while another client's events still
 * reach the worker; once the worker acknowledges, it resumes, and everything it sent arrives, in order.
 * And the other direction: a client that never reads is closed once its outbound buffer is full.
 */
@QuarkusTest
@TestProfile(BackpressureProfile.class)
@WithTestResource(FakeRegisterResource.class)
class BackpressureTest extends LiveTransportTest {

    private static final int FLOOD = 2000;

    @Inject
    MeterRegistry meters;

    @Test
    void aFloodingTcpClientIsPausedNotClosedWhileAWebSocketClientIsServedAndNothingItSentIsLost() {
        Inbox inbox = new Inbox(worker("w-tcp-flood", 64));
        TcpTestClient flooder = tcpClient();
        String flooderId = inbox.take().getClientId();
        WebSocketTestClient quiet = webSocket();

        floodWhileAnotherTalks(inbox, flooderId, texts -> flooder.write(String.join("\n", texts) + "\n"),
                () -> quiet.sendText("hello"));
    }

    @Test
    void aFloodingWebSocketClientIsPausedNotClosedWhileATcpClientIsServedAndNothingItSentIsLost() {
        Inbox inbox = new Inbox(worker("w-ws-flood", 64));
        WebSocketTestClient flooder = webSocket();
        String flooderId = inbox.take().getClientId();
        inbox.take(); // its handshake
        TcpTestClient quiet = tcpClient();

        floodWhileAnotherTalks(inbox, flooderId, texts -> texts.forEach(flooder::sendText),
                () -> quiet.write("hello\n"));
    }

    @Test
    void aWebSocketClientThatNeverReadsIsClosedAsASlowConsumer() {
        FakeWorker worker = worker("w-ws-slow", 64);
        rawWebSocket(); // reads nothing, ever
        String clientId = worker.nextEvent().getClientId();
        worker.nextEvent(); // its handshake
        double droppedBefore = dropped("slow_consumer");

        worker.overflow(clientId, () -> registry.count() > 0);

        ClientEvent close = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CLOSE, close.getKindCase());
        assertEquals(1008, close.getClose().getCode());
        assertEquals("outbound buffer full", close.getClose().getReason());
        assertTrue(dropped("slow_consumer") > droppedBefore);
    }

    /**
     * The flooder (whose connect, and handshake, the inbox took) sends {@value #FLOOD} numbered
     * messages; the worker acknowledges nothing until the other client's message got through; then
     * everything.
     */
    private void floodWhileAnotherTalks(Inbox inbox, String flooderId, Consumer<List<String>> flood,
            Runnable otherTalks) {
        int opening = inbox.of(flooderId).size();
        flood.accept(IntStream.rangeClosed(1, FLOOD).mapToObj(i -> "f" + i).toList());

        ConnectedClient flooding = registry.get(flooderId);
        await().atMost(DEADLINE).until(() -> flooding.route().isPaused());
        // Paused at its bound: nothing more of it is read, so nothing more of it waits in the gateway.
        assertEquals(BackpressureProfile.CLIENT_PENDING_EVENTS, flooding.route().unackedEvents());

        otherTalks.run();
        ClientEvent hello = inbox.awaitMessage(id -> !id.equals(flooderId));
        assertEquals("hello", hello.getMessage().getData().toStringUtf8());
        assertTrue(flooding.route().isPaused(), "still paused: the worker acknowledged nothing");
        assertTrue(flooding.connection().isOpen(), "paused, not closed");
        assertEquals(BackpressureProfile.CLIENT_PENDING_EVENTS, flooding.route().unackedEvents());

        inbox.worker.ackEverything();
        List<ClientEvent> flooded = inbox.awaitAll(flooderId, opening + FLOOD);

        assertEquals(LongStream.rangeClosed(1, opening + FLOOD).boxed().toList(),
                flooded.stream().map(ClientEvent::getSeq).toList(), "every event once, in order");
        assertEquals(IntStream.rangeClosed(1, FLOOD).mapToObj(i -> "f" + i).toList(),
                flooded.stream().filter(ClientEvent::hasMessage).map(e -> e.getMessage().getData().toStringUtf8())
                        .toList());
        assertTrue(flooding.connection().isOpen());
        assertNotNull(registry.get(hello.getClientId()));
        await().atMost(DEADLINE).until(() -> !flooding.route().isPaused());
        assertTrue(meters.get("gw.gateway.reads.paused").counter().count() > 0);
    }

    private double dropped(String reason) {
        return meters.get("gw.gateway.messages.dropped").tag("reason", reason).counter().count();
    }

    /** The worker's events, by client, as the test takes them. */
    private static final class Inbox {

        private final FakeWorker worker;
        private final Map<String, List<ClientEvent>> byClient = new HashMap<>();

        Inbox(FakeWorker worker) {
            this.worker = worker;
        }

        /** The client's events taken so far. */
        List<ClientEvent> of(String clientId) {
            return byClient.getOrDefault(clientId, List.of());
        }

        ClientEvent awaitMessage(Predicate<String> ofClient) {
            while (true) {
                ClientEvent event = take();
                if (event.hasMessage() && ofClient.test(event.getClientId())) {
                    return event;
                }
            }
        }

        List<ClientEvent> awaitAll(String clientId, int count) {
            while (byClient.getOrDefault(clientId, List.of()).size() < count) {
                take();
            }
            return byClient.get(clientId);
        }

        ClientEvent take() {
            ClientEvent event = worker.nextEvent();
            byClient.computeIfAbsent(event.getClientId(), id -> new ArrayList<>()).add(event);
            return event;
        }
    }
}
