package io.gatewayworker.worker.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerHello;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.RecordingSink;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.TestRegisters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The stream to one gateway, against a real in-process gRPC gateway. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class GatewayLinkTest extends LiveWorkerTest {

    @Inject
    WorkerIdentity identity;

    private static Command send(long requestId) {
        return Command.newBuilder().setRequestId(requestId).setSend(Send.newBuilder()
                .setTarget(Target.newBuilder().setAll(true))
                .setPayload(Payload.newBuilder().setData(ByteString.copyFromUtf8("c" + requestId))))
                .build();
    }

    private static List<Long> commandIds(List<WorkerMessage> messages) {
        return messages.stream().filter(WorkerMessage::hasCommand).map(m -> m.getCommand().getRequestId()).toList();
    }

    private static List<WorkerMessage> messages(List<WorkerFrame> frames) {
        return frames.stream().flatMap(frame -> frame.getMessagesList().stream()).toList();
    }

    private static Set<Long> ackedIds(TestGateway gateway) {
        return gateway.received().stream().filter(WorkerMessage::hasAck)
                .flatMap(m -> m.getAck().getEventIdsList().stream()).collect(Collectors.toSet());
    }

    private static Query countQuery() {
        return Query.newBuilder().setClients(ClientQuery.newBuilder().setCountOnly(true)
                .setTarget(Target.newBuilder().setGroups(StringList.newBuilder().addValues("room")))).build();
    }

    private static CompletableFuture<QueryResult> query(GatewayConnection connection, Duration timeout) {
        return connection.query(countQuery(), timeout).subscribeAsCompletionStage();
    }

    @Test
    void aJoiningGatewayGetsAStreamWithHelloAndTheSecretOnEveryCall() {
        TestGateway gateway = joinedGateway();

        assertEquals(1, gateway.hellos().size());
        WorkerHello hello = gateway.hellos().get(0);
        assertEquals(identity.id(), hello.getWorkerId());
        assertEquals(1024, hello.getMaxInFlight());
        assertEquals(List.of(TestRegisters.SECRET), gateway.secretsSeen());
        GatewayConnection connection = connection(gateway);
        assertEquals(gateway.address(), connection.address());

        assertFalse(TestRegisters.first().secretsSeen().isEmpty());
        assertTrue(TestRegisters.first().secretsSeen().stream().allMatch(TestRegisters.SECRET::equals));
        assertTrue(TestRegisters.second().secretsSeen().stream().allMatch(TestRegisters.SECRET::equals));
        WatchRequest watch = TestRegisters.first().watchRequests().get(0);
        assertEquals(identity.id(), watch.getWatcherId());
        assertEquals("worker", watch.getWatcherKind());
    }

    @Test
    void eventsReachTheSinkInOrderWithTheirSourceOnAnEventLoop() {
        TestGateway gateway = joinedGateway();
        gateway.emit(messages("abcdef0123451", 1, 3));
        gateway.emit(messages("abcdef0123452", 4, 5));

        await().atMost(DEADLINE).until(() -> sink.eventsFrom(gateway.gatewayId()).size() == 5);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
                sink.eventsFrom(gateway.gatewayId()).stream().map(ClientEvent::getEventId).toList());
        assertEquals("m2", sink.eventsFrom(gateway.gatewayId()).get(1).getMessage().getData().toStringUtf8());
        GatewayConnection connection = connection(gateway);
        for (RecordingSink.Received received : sink.received()) {
            // The sink gets the stream as seen from the call that carried the event (acks stay on it).
            assertEquals(connection.gatewayId(), received.source().gatewayId());
            assertEquals(connection.address(), received.source().address());
            assertTrue(received.onEventLoop(), "the stream delivers on its event loop; the sink must not block");
        }
    }

    @Test
    void acksReachTheGatewayAndOnlyForEventsOfTheCurrentCall() {
        TestGateway gateway = joinedGateway();
        sink.autoAck(true);
        gateway.emit(messages("abcdef0123451", 1, 5));
        await().atMost(DEADLINE).until(() -> ackedIds(gateway).equals(Set.of(1L, 2L, 3L, 4L, 5L)));
        assertEquals(0, ((GatewayStream) connection(gateway)).unacknowledged());

        sink.autoAck(false);
        gateway.emit(messages("abcdef0123451", 6, 7));
        await().atMost(DEADLINE).until(() -> sink.received().size() == 7);
        assertEquals(2, ((GatewayStream) connection(gateway)).unacknowledged());

        // The stream breaks before the handler finished: the gateway re-delivers on the new call, so an
        // ack arriving now (for the old call) must not be sent; the re-delivered event's ack must.
        gateway.dropStreams();
        await().atMost(DEADLINE).until(() -> gateway.hellos().size() == 2 && open(gateway));
        connection(gateway).ack(6);
        gateway.emit(List.of(messages("abcdef0123451", 6, 6).get(0).toBuilder().setRedelivered(true).build()));
        await().atMost(DEADLINE).until(() -> sink.received().size() == 8);
        connection(gateway).ack(6);
        connection(gateway).send(send(99));
        // Read whole frames: one carries its acks after its commands, so the ack sent before 99 is in
        // 99's frame or an earlier one, and a wrong extra ack would be there too.
        await().atMost(DEADLINE).until(() -> commandIds(messages(gateway.frames())).contains(99L));
        List<Long> acks = messages(gateway.frames()).stream().filter(WorkerMessage::hasAck)
                .flatMap(m -> m.getAck().getEventIdsList().stream()).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), acks.stream().sorted().toList(), "6 acknowledged exactly once");
    }

    @Test
    void commandsArriveInTheOrderSent() {
        TestGateway gateway = joinedGateway();
        GatewayConnection connection = connection(gateway);
        for (long id = 1; id <= 2000; id++) {
            connection.send(send(id));
        }
        await().atMost(DEADLINE).until(() -> commandIds(gateway.received()).size() == 2000);
        assertEquals(LongStream.rangeClosed(1, 2000).boxed().toList(), commandIds(gateway.received()));
        for (WorkerFrame frame : gateway.frames()) {
            assertTrue(frame.getMessagesCount() <= 256, "worker.link.batch-size bounds a frame");
        }
    }

    @Test
    void commandsQueuedTogetherTravelInOneFrameAndAcksCloseIt() {
        TestGateway gateway = joinedGateway();
        // The sink runs on the stream's event loop: everything it queues is flushed after it returned.
        sink.onEvent((source, event) -> {
            for (long id = 1; id <= 300; id++) {
                source.send(send(event.getEventId() * 1000 + id));
            }
            source.ack(event.getEventId());
        });
        gateway.emit(messages("abcdef0123451", 1, 1));

        await().atMost(DEADLINE).until(() -> commandIds(gateway.received()).size() == 300 && !ackedIds(gateway).isEmpty());
        List<WorkerFrame> frames = gateway.frames();
        assertEquals(2, frames.size(), "300 commands in frames of at most 256: " + frames.stream()
                .map(WorkerFrame::getMessagesCount).toList());
        assertEquals(256, frames.get(0).getMessagesCount());
        assertEquals(45, frames.get(1).getMessagesCount());
        WorkerMessage last = frames.get(1).getMessages(44);
        assertEquals(List.of(1L), last.getAck().getEventIdsList(), "the ack follows the handler's commands");
    }

    @Test
    void aQueryResolvesWithTheGatewaysAnswer() throws Exception {
        TestGateway gateway = joinedGateway();
        gateway.answerQueries(query -> Optional.of(QueryResult.newBuilder()
                .setClients(ClientQueryResult.newBuilder().setCount(query.getRequestId() * 10)).build()));
        GatewayConnection connection = connection(gateway);

        CompletableFuture<QueryResult> first = query(connection, Duration.ofSeconds(5));
        CompletableFuture<QueryResult> second = query(connection, Duration.ofSeconds(5));
        QueryResult one = first.get(10, TimeUnit.SECONDS);
        QueryResult two = second.get(10, TimeUnit.SECONDS);

        assertNotEquals(one.getRequestId(), two.getRequestId());
        assertEquals(one.getRequestId() * 10, one.getClients().getCount(), "each query gets its own answer");
        assertEquals(two.getRequestId() * 10, two.getClients().getCount());
        assertEquals(gateway.gatewayId(), one.getGatewayId());
        List<Query> sent = gateway.received().stream().filter(WorkerMessage::hasQuery).map(WorkerMessage::getQuery)
                .toList();
        assertEquals(2, sent.size());
        assertEquals("room", sent.get(0).getClients().getTarget().getGroups().getValues(0));
    }

    @Test
    void aQueryTimesOutWhenTheGatewayDoesNotAnswer() {
        TestGateway gateway = joinedGateway();
        long started = System.nanoTime();
        CompletableFuture<QueryResult> result = query(connection(gateway), Duration.ofMillis(300));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(250));
        assertEquals(1, gateway.received().stream().filter(WorkerMessage::hasQuery).count());
        assertTrue(open(gateway), "a timed-out query does not break the stream");
    }

    @Test
    void aPendingQueryFailsWhenTheStreamBreaks() {
        TestGateway gateway = joinedGateway();
        CompletableFuture<QueryResult> result = query(connection(gateway), Duration.ofSeconds(30));
        await().atMost(DEADLINE).until(() -> gateway.received().stream().anyMatch(WorkerMessage::hasQuery));
        gateway.dropStreams();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertInstanceOf(GatewayUnavailableException.class, failure.getCause());
    }

    @Test
    void sendsAndQueriesFailWhileTheStreamIsNotOpen() {
        TestGateway gateway = gateway(false);
        TestRegisters.first().join(gateway.gatewayId(), gateway.address());
        await().atMost(DEADLINE).until(() -> connections.byId(gateway.gatewayId()).isPresent());
        GatewayConnection connection = connection(gateway);
        assertFalse(connection.isOpen());
        assertThrows(GatewayUnavailableException.class, () -> connection.send(send(1)));
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> query(connection, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
        assertInstanceOf(GatewayUnavailableException.class, failure.getCause());
        connection.ack(1); // dropped quietly

        gateway.start();
        await().atMost(DEADLINE).until(connection::isOpen);
        connection.send(send(2));
        await().atMost(DEADLINE).until(() -> commandIds(gateway.received()).equals(List.of(2L)));
    }

    @Test
    void aBrokenStreamIsReconnected() {
        TestGateway gateway = joinedGateway();
        GatewayConnection connection = connection(gateway);

        gateway.dropStreams();
        await().atMost(DEADLINE).until(() -> gateway.hellos().size() == 2 && connection.isOpen());
        assertSame(connection, connection(gateway), "the same connection reconnects");
        gateway.emit(messages("abcdef0123451", 1, 1));
        await().atMost(DEADLINE).until(() -> sink.eventsFrom(gateway.gatewayId()).size() == 1);

        // The gateway process goes away and comes back at the same address.
        gateway.stop();
        await().atMost(DEADLINE).until(() -> !connection.isOpen());
        gateway.start();
        await().atMost(DEADLINE).until(() -> gateway.hellos().size() == 3 && connection.isOpen());
        connection.send(send(7));
        await().atMost(DEADLINE).until(() -> commandIds(gateway.received()).contains(7L));
    }

    @Test
    void framesLargerThanGrpcsDefaultLimitAreAccepted() {
        TestGateway gateway = joinedGateway();
        byte[] big = new byte[6 * 1024 * 1024];
        big[big.length - 1] = 42;
        gateway.emit(List.of(ClientEvent.newBuilder().setEventId(1).setClientId("abcdef0123451").setSeq(1)
                .setMessage(Payload.newBuilder().setKind(Payload.Kind.BINARY).setData(ByteString.copyFrom(big)))
                .build()));
        await().atMost(DEADLINE).until(() -> sink.received().size() == 1);
        ByteString data = sink.received().get(0).event().getMessage().getData();
        assertEquals(big.length, data.size());
        assertEquals(42, data.byteAt(big.length - 1));
        assertEquals(1, gateway.hellos().size(), "the stream did not break");
    }

    @Test
    void aGatewayAnsweringWithAnotherIdIsNotTrusted() {
        TestGateway impostor = gateway(true);
        // The register says some other gateway id lives at the impostor's address.
        String claimed = "0123456789ab";
        TestRegisters.first().join(claimed, impostor.address());
        await().atMost(DEADLINE).until(() -> impostor.hellos().size() >= 2);
        assertFalse(connections.byId(claimed).orElseThrow().isOpen());
        TestRegisters.first().leave(claimed);
        await().atMost(DEADLINE).until(() -> connections.byId(claimed).isEmpty());
    }
}
