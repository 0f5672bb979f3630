package io.gatewayworker.gateway.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.support.HubFixture;
import io.gatewayworker.gateway.support.HubFixture.RecordingWorker;
import io.gatewayworker.gateway.support.TestConnection;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.vertx.core.buffer.Buffer;

class ClientHubTest {

    @Test
    void withoutAWorkerConnectionsAreRefusedWithNoWorker() {
        HubFixture gateway = new HubFixture();
        TestConnection connection = new TestConnection(gateway.ids.next(), Transport.TCP);

        Admission admission = gateway.hub.opened(connection);

        assertFalse(admission.accepted());
        assertEquals(CloseReason.NO_WORKER, admission.refusal());
        assertEquals(0, gateway.registry.count());
        assertEquals(1.0, gateway.meters.get("gw.gateway.connections.refused").tag("reason", "NO_WORKER").counter().count());
    }

    @Test
    void pastTheConnectionLimitConnectionsAreRefused() {
        HubFixture gateway = new HubFixture(1, 100);
        gateway.attachWorker("w", 10);
        gateway.connect(Transport.TCP);

        Admission admission = gateway.hub.opened(new TestConnection(gateway.ids.next(), Transport.TCP));

        assertEquals(CloseReason.CONNECTION_LIMIT, admission.refusal());
        assertEquals(1, gateway.registry.count());
    }

    @Test
    void aWebSocketClientsLifeBecomesEventsNumberedFromOne() {
        HubFixture gateway = new HubFixture();
        RecordingWorker worker = gateway.attachWorker("w", 10);

        TestConnection connection = gateway.connect(Transport.WEBSOCKET);
        gateway.hub.handshake(connection, "/ws", "token=1", Map.of("user-agent", "test"));
        gateway.hub.received(connection, false, Buffer.buffer("hello"));
        gateway.hub.received(connection, true, Buffer.buffer(new byte[] { 1, 2 }));
        gateway.hub.closed(connection, 1000, "client closed");

        List<ClientEvent> events = worker.events();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), events.stream().map(ClientEvent::getSeq).toList());
        assertEquals(List.of(ClientEvent.KindCase.CONNECT, ClientEvent.KindCase.WEBSOCKET_CONNECT,
                ClientEvent.KindCase.MESSAGE, ClientEvent.KindCase.MESSAGE, ClientEvent.KindCase.CLOSE),
                events.stream().map(ClientEvent::getKindCase).toList());
        assertEquals("token=1", events.get(1).getWebsocketConnect().getQuery());
        assertEquals("test", events.get(1).getWebsocketConnect().getHeadersMap().get("user-agent"));
        assertEquals("hello", events.get(2).getMessage().getData().toStringUtf8());
        assertEquals(Payload.Kind.BINARY, events.get(3).getMessage().getKind());
        assertEquals(1000, events.get(4).getClose().getCode());
        assertTrue(events.stream().allMatch(e -> e.getClientId().equals(connection.clientId())
                && e.getTransport() == io.gatewayworker.proto.link.Transport.WEBSOCKET
                && e.getRemoteAddress().equals("10.0.0.7:40000")));
        assertEquals(0, gateway.registry.count(Transport.WEBSOCKET));
    }

    @Test
    void eventsCarryTheSessionAsItIsWhenTheyAreDispatched() {
        HubFixture gateway = new HubFixture();
        RecordingWorker worker = gateway.attachWorker("w", 10);
        TestConnection connection = gateway.connect(Transport.TCP);

        gateway.sessions.replace(connection.clientId(), Map.of("name", ByteString.copyFromUtf8("\"alice\"")));
        gateway.hub.received(connection, false, Buffer.buffer("hi"));

        assertEquals(Map.of(), worker.events().get(0).getSession().getValuesMap());
        assertEquals("\"alice\"", worker.events().get(1).getSession().getValuesMap().get("name").toStringUtf8());
    }

    @Test
    void closingForgetsTheClientsStateAndTheCloseEventCarriesItsLastSession() {
        HubFixture gateway = new HubFixture();
        RecordingWorker worker = gateway.attachWorker("w", 10);
        TestConnection connection = gateway.connect(Transport.TCP);
        String id = connection.clientId();
        gateway.groups.join(id, "lobby");
        gateway.uids.bind(id, "alice");
        gateway.sessions.replace(id, Map.of("name", ByteString.copyFromUtf8("\"alice\"")));

        gateway.hub.closed(connection, 1006, "transport error");

        ClientEvent close = worker.events().get(1);
        assertTrue(close.hasClose());
        assertEquals("transport error", close.getClose().getReason());
        assertEquals(Set.of("name"), close.getSession().getValuesMap().keySet());
        assertNull(gateway.registry.get(id));
        assertEquals(Set.of(), gateway.groups.members("lobby"));
        assertEquals(Set.of(), gateway.uids.clients("alice"));
        assertEquals(Map.of(), gateway.sessions.get(id).getValuesMap());
    }

    @Test
    void aReDeliveredEventCarriesTheWriteBacksThatLandedBeforeItsWorkerLeft() {
        HubFixture gateway = new HubFixture();
        RecordingWorker first = gateway.attachWorker("w1", 10);
        TestConnection connection = gateway.connect(Transport.TCP);
        String id = connection.clientId();
        gateway.hub.received(connection, false, Buffer.buffer("login"));
        gateway.hub.received(connection, false, Buffer.buffer("say")); // stamped before the login's write-back
        // The first worker handled connect and login, wrote back, acked them, and died holding "say".
        gateway.sessions.update(id, Map.of("name", ByteString.copyFromUtf8("\"alice\"")), List.of(), 2);
        first.ack(List.of(first.events().get(0).getEventId(), first.events().get(1).getEventId()));
        RecordingWorker second = gateway.attachWorker("w2", 10);

        gateway.router.detach(first.lane());

        ClientEvent say = second.events().get(0);
        assertEquals("say", say.getMessage().getData().toStringUtf8());
        assertTrue(say.getRedelivered());
        assertEquals(0, first.events().get(2).getSession().getWrittenThroughSeq());
        assertEquals(2, say.getSession().getWrittenThroughSeq());
        assertEquals(Map.of("name", ByteString.copyFromUtf8("\"alice\"")), say.getSession().getValuesMap());
    }

    @Test
    void anEventWaitingForADrainingWorkerMovesWithTheWriteBacksThatWorkerMade() {
        HubFixture gateway = new HubFixture();
        RecordingWorker first = gateway.attachWorker("w1", 10);
        TestConnection connection = gateway.connect(Transport.TCP);
        String id = connection.clientId();
        gateway.hub.received(connection, false, Buffer.buffer("login"));
        RecordingWorker second = gateway.attachWorker("w2", 10);
        gateway.router.drain(first.lane());
        gateway.hub.received(connection, false, Buffer.buffer("say")); // waits: login is being handled on w1
        assertEquals(List.of(), second.events());

        // w1 handles the login, writes back, then acks connect and login: the client moves to w2.
        gateway.sessions.update(id, Map.of("name", ByteString.copyFromUtf8("\"alice\"")), List.of(), 2);
        first.ackAll();

        // The drain adopted the client to w2 (so w2 knows it should the gateway die), then the say follows.
        ClientEvent adopted = second.events().get(0);
        assertTrue(adopted.hasAdopted());
        assertEquals(2, adopted.getSeq(), "the client's current seq: no new event of the client");
        ClientEvent say = second.events().get(1);
        assertEquals("say", say.getMessage().getData().toStringUtf8());
        assertEquals(3, say.getSeq());
        assertFalse(say.getRedelivered());
        assertEquals(2, say.getSession().getWrittenThroughSeq());
        assertEquals(Map.of("name", ByteString.copyFromUtf8("\"alice\"")), say.getSession().getValuesMap());
    }

    @Test
    void aReDeliveredCloseKeepsTheSessionItWasCreatedWith() {
        HubFixture gateway = new HubFixture();
        RecordingWorker first = gateway.attachWorker("w1", 10);
        TestConnection connection = gateway.connect(Transport.TCP);
        gateway.sessions.update(connection.clientId(), Map.of("name", ByteString.copyFromUtf8("\"alice\"")),
                List.of(), 1);
        gateway.hub.closed(connection, 1000, "client closed");
        RecordingWorker second = gateway.attachWorker("w2", 10);

        gateway.router.detach(first.lane());

        ClientEvent close = second.events().get(1);
        assertTrue(close.hasClose());
        assertEquals(2, second.events().size(), "a closed client is not adopted: " + second.events());
        assertEquals(1, close.getSession().getWrittenThroughSeq());
        assertEquals(Set.of("name"), close.getSession().getValuesMap().keySet());
    }

    @Test
    void idleClientsOfALostWorkerAreAdoptedByAnotherWithTheirCurrentSeqAndSession() {
        HubFixture gateway = new HubFixture();
        RecordingWorker first = gateway.attachWorker("w1", 10);
        TestConnection alice = gateway.connect(Transport.TCP);
        TestConnection bob = gateway.connect(Transport.WEBSOCKET);
        gateway.hub.received(alice, false, Buffer.buffer("login"));
        gateway.sessions.update(alice.clientId(), Map.of("name", ByteString.copyFromUtf8("\"alice\"")), List.of(), 2);
        first.ackAll();
        RecordingWorker second = gateway.attachWorker("w2", 10);

        gateway.router.detach(first.lane());

        Map<String, ClientEvent> adopted = second.events().stream()
                .collect(Collectors.toMap(ClientEvent::getClientId, event -> event));
        assertEquals(Set.of(alice.clientId(), bob.clientId()), adopted.keySet());
        assertTrue(adopted.values().stream().allMatch(ClientEvent::hasAdopted), second.events()::toString);
        assertEquals(2, adopted.get(alice.clientId()).getSeq(), "the current seq: no new event of the client");
        assertEquals(1, adopted.get(bob.clientId()).getSeq());
        assertEquals(Set.of("name"), adopted.get(alice.clientId()).getSession().getValuesMap().keySet());
        assertEquals("w2", gateway.registry.get(alice.clientId()).route().workerId());

        gateway.hub.received(alice, false, Buffer.buffer("next"));
        ClientEvent next = second.events().get(2);
        assertEquals(3, next.getSeq(), "handlers see no gap");
        assertFalse(next.getRedelivered());
    }

    @Test
    void aStateChangeAfterCloseIsRefusedSoNothingLeaks() {
        HubFixture gateway = new HubFixture();
        gateway.attachWorker("w", 10);
        TestConnection connection = gateway.connect(Transport.TCP);
        ConnectedClient client = gateway.registry.get(connection.clientId());

        gateway.hub.closed(connection, 1000, "client closed");
        boolean applied = client.ifOpen(() -> gateway.groups.join(connection.clientId(), "lobby"));

        assertFalse(applied);
        assertEquals(Set.of(), gateway.groups.members("lobby"));
    }

    @Test
    void aClientWhoseEventFindsTheQueueFullIsPausedNotClosedAndItsEventKept() {
        HubFixture gateway = new HubFixture(100, 1);
        RecordingWorker worker = gateway.attachWorker("w", 1);
        TestConnection connection = gateway.connect(Transport.TCP); // in flight

        gateway.hub.received(connection, false, Buffer.buffer("waits")); // queued: the queue is full now

        assertTrue(connection.isOpen());
        assertTrue(connection.readingPaused());
        worker.ackAll(); // the connect: "waits" goes out, the queue is empty
        assertFalse(connection.readingPaused());
        assertEquals("waits", worker.events().get(1).getMessage().getData().toStringUtf8());
    }

    @Test
    void aClientFloodingAFullQueueGetsNoOtherClientClosedAndEveryEventIsDeliveredOnceAcked() {
        HubFixture gateway = new HubFixture(100, 2);
        RecordingWorker worker = gateway.attachWorker("w", 1);
        TestConnection flooder = gateway.connect(Transport.TCP); // in flight
        TestConnection other = gateway.connect(Transport.TCP); // waits

        gateway.hub.received(flooder, false, Buffer.buffer("f1")); // the queue is full now
        gateway.hub.received(flooder, false, Buffer.buffer("f2")); // read before the pause took effect
        gateway.hub.received(other, false, Buffer.buffer("hello"));

        assertTrue(other.isOpen(), "not closed because another client flooded");
        assertTrue(flooder.isOpen());
        assertTrue(flooder.readingPaused());
        for (int i = 0; i < 5; i++) {
            worker.ackAll(); // the window is 1: each round lets the next event go
        }
        assertEquals(List.of("f1", "f2", "hello"), worker.events().stream().filter(ClientEvent::hasMessage)
                .map(e -> e.getMessage().getData().toStringUtf8()).toList());
        assertFalse(flooder.readingPaused());
        assertFalse(other.readingPaused());
    }

    @Test
    void reportsForUnknownConnectionsAreIgnored() {
        HubFixture gateway = new HubFixture();
        RecordingWorker worker = gateway.attachWorker("w", 10);
        TestConnection stranger = new TestConnection(gateway.ids.next(), Transport.TCP);

        gateway.hub.received(stranger, false, Buffer.buffer("x"));
        gateway.hub.closed(stranger, 1000, "client closed");

        assertEquals(List.of(), worker.events());
    }
}
