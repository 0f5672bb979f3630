package io.gatewayworker.gateway.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.TestConnection;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.Drain;
import io.gatewayworker.proto.link.ExecuteReply;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayHello;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.GatewayMessage;
import io.gatewayworker.proto.link.GroupChange;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.SessionWrite;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.UidChange;
import io.gatewayworker.proto.link.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class GatewayLinkServiceTest extends LiveGatewayTest {

    @Inject
    ConnectionRegistry registry;

    @Test
    void helloIsAnsweredWithTheGatewayIdAndTheWindowCappedByConfiguration() {
        FakeWorker small = track(FakeWorker.attached("w-small", 16));
        FakeWorker greedy = track(FakeWorker.attached("w-greedy", 1_000_000));
        FakeWorker modest = track(FakeWorker.attached("w-default", 0));

        GatewayHello hello = small.next().getHello();
        assertEquals(ids.gatewayId(), hello.getGatewayId());
        assertEquals(16, hello.getMaxInFlight());
        assertEquals(1024, greedy.next().getHello().getMaxInFlight());
        assertEquals(1024, modest.next().getHello().getMaxInFlight());
        await().atMost(DEADLINE).until(() -> router.openStreams() == 3);
    }

    @Test
    void aStreamThatDoesNotStartWithHelloFailsWithInvalidArgument() {
        FakeWorker rude = track(new FakeWorker(FakeRegisterResource.SECRET));

        rude.ack(1);

        Status status = rude.awaitEnd();
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals(0, router.openStreams());
    }

    @Test
    void aConnectionsLifeReachesTheWorkerAsEventsNumberedFromOne() {
        FakeWorker worker = worker("w-events", 64);
        TestConnection connection = open(Transport.WEBSOCKET);

        listener.handshake(connection, "/ws", "room=1", Map.of("origin", "http://x"));
        listener.received(connection, false, Buffer.buffer("one"));
        listener.received(connection, false, Buffer.buffer("two"));
        close(connection);

        List<ClientEvent> events = List.of(worker.nextEvent(), worker.nextEvent(), worker.nextEvent(),
                worker.nextEvent(), worker.nextEvent());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), events.stream().map(ClientEvent::getSeq).toList());
        assertEquals(List.of(ClientEvent.KindCase.CONNECT, ClientEvent.KindCase.WEBSOCKET_CONNECT,
                ClientEvent.KindCase.MESSAGE, ClientEvent.KindCase.MESSAGE, ClientEvent.KindCase.CLOSE),
                events.stream().map(ClientEvent::getKindCase).toList());
        assertEquals("room=1", events.get(1).getWebsocketConnect().getQuery());
        assertEquals("two", events.get(3).getMessage().getData().toStringUtf8());
        assertTrue(events.stream().allMatch(e -> e.getClientId().equals(connection.clientId())));
        assertEquals(5, events.stream().map(ClientEvent::getEventId).distinct().count());
    }

    @Test
    void commandsOnTheStreamReachTheConnectionsAndAFailedOneOnlyReportsAnError() {
        FakeWorker worker = worker("w-commands", 64);
        TestConnection alice = open(Transport.WEBSOCKET);
        TestConnection bob = open(Transport.TCP);
        worker.nextEvent();
        worker.nextEvent();

        worker.send(
                command(0, Command.newBuilder().setJoinGroup(GroupChange.newBuilder()
                        .setClientId(alice.clientId()).setGroup("room-commands"))),
                command(0, Command.newBuilder().setBindUid(UidChange.newBuilder()
                        .setClientId(bob.clientId()).setUid("bob-commands"))),
                command(77, Command.newBuilder().setJoinGroup(GroupChange.newBuilder()
                        .setClientId(ids.gatewayId() + "fffff").setGroup("room-commands"))),
                command(0, send(Target.newBuilder().setGroups(list("room-commands")), "hello room")),
                command(0, send(Target.newBuilder().setUids(list("bob-commands")), "hello bob")),
                command(0, Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(alice.clientId())
                        .putSet("name", ByteString.copyFromUtf8("\"alice\"")))));

        CommandError error = worker.next().getError();
        assertEquals(77, error.getRequestId());
        assertEquals(CommandError.Code.CLIENT_NOT_FOUND, error.getCode());
        await().atMost(DEADLINE).until(() -> alice.texts().equals(List.of("hello room")));
        assertEquals(List.of("hello bob"), bob.texts());

        listener.received(alice, false, Buffer.buffer("after the session write"));
        ClientEvent message = worker.nextEvent();
        assertEquals("\"alice\"", message.getSession().getValuesMap().get("name").toStringUtf8());
    }

    @Test
    void queriesOnTheStreamReturnExactCounts() {
        FakeWorker worker = worker("w-queries", 64);
        TestConnection a = open(Transport.WEBSOCKET);
        TestConnection b = open(Transport.TCP);
        open(Transport.TCP);
        worker.send(
                command(0, Command.newBuilder().setJoinGroup(GroupChange.newBuilder()
                        .setClientId(a.clientId()).setGroup("room-queries"))),
                command(0, Command.newBuilder().setJoinGroup(GroupChange.newBuilder()
                        .setClientId(b.clientId()).setGroup("room-queries"))),
                WorkerMessage.newBuilder().setQuery(Query.newBuilder().setRequestId(5).setClients(
                        ClientQuery.newBuilder().setTarget(Target.newBuilder().setAll(true)).setCountOnly(true)))
                        .build(),
                WorkerMessage.newBuilder().setQuery(Query.newBuilder().setRequestId(6).setGroups(
                        GroupQuery.newBuilder().addGroups("room-queries").setWithClientIds(true))).build());

        QueryResult count = nextResult(worker);
        QueryResult group = nextResult(worker);
        assertEquals(5, count.getRequestId());
        assertEquals(3, count.getClients().getCount());
        assertEquals(ids.gatewayId(), count.getGatewayId());
        assertEquals(6, group.getRequestId());
        assertEquals(2, group.getGroups().getGroups(0).getClientCount());
    }

    @Test
    void executeRunsTheCommandsThenAnswersTheQueries() {
        worker("w-execute", 64);
        TestConnection a = open(Transport.TCP);
        ManagedChannel channel = FakeWorker.channel(FakeRegisterResource.SECRET);
        try {
            ExecuteReply reply = GatewayLinkGrpc.newBlockingStub(channel).execute(ExecuteRequest.newBuilder()
                    .addCommands(Command.newBuilder().setJoinGroup(GroupChange.newBuilder()
                            .setClientId(a.clientId()).setGroup("room-execute")))
                    .addCommands(Command.newBuilder().setRequestId(9).setBindUid(UidChange.newBuilder()
                            .setClientId(a.clientId())))
                    .addCommands(send(Target.newBuilder().setGroups(list("room-execute")), "pushed"))
                    .addQueries(Query.newBuilder().setRequestId(1).setClients(ClientQuery.newBuilder()
                            .setTarget(Target.newBuilder().setGroups(list("room-execute"))).setCountOnly(true)))
                    .build());

            assertEquals(ids.gatewayId(), reply.getGatewayId());
            assertEquals(1, reply.getErrorsCount());
            assertEquals(9, reply.getErrors(0).getRequestId());
            assertEquals(CommandError.Code.INVALID_ARGUMENT, reply.getErrors(0).getCode());
            assertEquals(1, reply.getResults(0).getClients().getCount());
            await().atMost(DEADLINE).until(() -> a.texts().equals(List.of("pushed")));
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aBrokenStreamsUnacknowledgedEventsAreRedeliveredInOrderToAnotherWorker() {
        FakeWorker first = worker("w-first", 64);
        TestConnection connection = open(Transport.TCP);
        listener.received(connection, false, Buffer.buffer("m2"));
        listener.received(connection, false, Buffer.buffer("m3"));
        ClientEvent connect = first.nextEvent();
        first.nextEvent();
        first.nextEvent();
        first.ack(connect.getEventId());
        FakeWorker second = worker("w-second", 64);

        first.breakStream();

        ClientEvent m2 = second.nextEvent();
        ClientEvent m3 = second.nextEvent();
        assertEquals(List.of(2L, 3L), List.of(m2.getSeq(), m3.getSeq()));
        assertTrue(m2.getRedelivered() && m3.getRedelivered());
        assertEquals("m3", m3.getMessage().getData().toStringUtf8());

        listener.received(connection, false, Buffer.buffer("m4"));
        ClientEvent m4 = second.nextEvent();
        assertEquals(4L, m4.getSeq());
        assertFalse(m4.getRedelivered());
    }

    @Test
    void aDrainingWorkerGetsDrainAcceptedAfterItsLastEventAndItsClientsMoveOnceItAcked() {
        FakeWorker leaving = worker("w-leaving", 64);
        TestConnection connection = open(Transport.TCP);
        listener.received(connection, false, Buffer.buffer("m2"));
        ClientEvent connect = leaving.nextEvent();
        ClientEvent m2 = leaving.nextEvent();
        FakeWorker staying = worker("w-staying", 64);

        leaving.send(WorkerMessage.newBuilder().setDrain(Drain.newBuilder().setReason("shutdown")).build());
        assertTrue(leaving.next().hasDrainAccepted());
        listener.received(connection, false, Buffer.buffer("m3"));
        leaving.ack(connect.getEventId(), m2.getEventId());

        ClientEvent adopted = staying.nextEvent(); // the drain moved the client: the staying worker knows it
        assertTrue(adopted.hasAdopted());
        assertEquals(2L, adopted.getSeq());
        ClientEvent m3 = staying.nextEvent();
        assertEquals(3L, m3.getSeq());
        assertFalse(m3.getRedelivered());
        assertEquals("w-staying", registry.get(connection.clientId()).route().workerId());
        leaving.send(WorkerMessage.newBuilder().setDrain(Drain.newBuilder().setReason("again")).build());
        assertTrue(leaving.next().hasDrainAccepted(), "nothing but the answer: no event after the drain");
    }

    @Test
    void withoutAWorkerStreamNewConnectionsAreRefused() {
        TestConnection connection = new TestConnection(ids.next(), Transport.WEBSOCKET);

        assertFalse(listener.opened(connection).accepted());
    }

    private static QueryResult nextResult(FakeWorker worker) {
        GatewayMessage message = worker.next();
        while (message.hasEvent()) {
            message = worker.next();
        }
        return message.getResult();
    }

    private static WorkerMessage command(long requestId, Command.Builder command) {
        return WorkerMessage.newBuilder().setCommand(command.setRequestId(requestId)).build();
    }

    private static Command.Builder send(Target.Builder target, String text) {
        return Command.newBuilder().setSend(Send.newBuilder().setTarget(target)
                .setPayload(Payload.newBuilder().setData(ByteString.copyFromUtf8(text))));
    }

    private static StringList list(String... values) {
        return StringList.newBuilder().addAllValues(List.of(values)).build();
    }
}
