package io.gatewayworker.worker.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Adopted;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Closed;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Connected;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.proto.link.Transport;
import io.gatewayworker.proto.link.WebSocketConnected;
import io.gatewayworker.worker.api.ClientContext;
import io.gatewayworker.worker.api.Events;
import io.gatewayworker.worker.api.Message;
import io.gatewayworker.worker.api.WebSocketHandshake;
import io.gatewayworker.worker.api.WorkerContext;
import io.gatewayworker.worker.cluster.ClusterGateway;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;
import io.gatewayworker.worker.support.FakeGatewayConnection;
import io.gatewayworker.worker.support.FakeGatewayConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.common.annotation.NonBlocking;

class EventDispatcherTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final FakeGatewayConnections view = new FakeGatewayConnections();
    private final FakeGatewayConnection source = view.add("aaaaaaaaaaaa");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SessionCodec codec = new SessionCodec(new ObjectMapper());
    private final ClusterGateway gateway = new ClusterGateway(view, Duration.ofMillis(200), codec,
            new WorkerMetrics(registry));
    private final CountDownLatch release = new CountDownLatch(1);
    private EventDispatcher dispatcher;
    private long lostGraceMillis;

    private EventDispatcher dispatcher(Events events, int threads, int maxInFlight) {
        dispatcher = new EventDispatcher(events, gateway, codec, "w-test", threads, maxInFlight, 1000, lostGraceMillis,
                new WorkerMetrics(registry));
        return dispatcher;
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (dispatcher != null) {
            dispatcher.pool().shutdownNow();
        }
    }

    private static ClientEvent.Builder event(long eventId, String clientId, long seq) {
        return ClientEvent.newBuilder().setEventId(eventId).setClientId(clientId).setSeq(seq);
    }

    private static ClientEvent message(long eventId, String clientId, long seq, String text) {
        return event(eventId, clientId, seq)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(text))).build();
    }

    private static Session session(String key, String json) {
        return Session.newBuilder().putValues(key, ByteString.copyFromUtf8(json)).build();
    }

    private void awaitAcks(int count) {
        await().atMost(DEADLINE).until(() -> source.acks().size() == count);
    }

    private void awaitReleasable() throws InterruptedException {
        if (!release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the test never released the handler");
        }
    }

    @Test
    void eventsOfOneClientRunInOrderWhileDifferentClientsRunInParallel() {
        String alice = source.client(1);
        String bob = source.client(2);
        CountDownLatch bobStarted = new CountDownLatch(1);
        AtomicBoolean parallel = new AtomicBoolean();
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext client, Message message) throws Exception {
                if (client.clientId().equals(alice) && client.seq() == 1) {
                    // Only returns in time when bob's events run while alice's first one is still running.
                    parallel.set(bobStarted.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
                }
                if (client.clientId().equals(bob)) {
                    bobStarted.countDown();
                }
                seen.computeIfAbsent(client.clientId(), id -> new CopyOnWriteArrayList<>()).add(client.seq());
            }
        }, 4, 1000);

        for (long seq = 1; seq <= 50; seq++) {
            dispatcher.accept(source, message(seq, alice, seq, "a"));
            dispatcher.accept(source, message(100 + seq, bob, seq, "b"));
        }

        awaitAcks(100);
        List<Long> inOrder = LongStream.rangeClosed(1, 50).boxed().toList();
        assertEquals(inOrder, seen.get(alice));
        assertEquals(inOrder, seen.get(bob));
        assertTrue(parallel.get(), "bob's events waited for alice's");
        await().atMost(DEADLINE).until(() -> dispatcher.lanes() == 0);
        assertEquals(0, dispatcher.inFlight());
    }

    @Test
    void anEventIsAcknowledgedAfterItsHandlerReturnedAndBehindItsCommands() {
        AtomicReference<String> thread = new AtomicReference<>();
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext client, Message message) throws Exception {
                thread.set(Thread.currentThread().getName());
                client.send("reply to " + message.text());
                awaitReleasable();
            }
        }, 2, 10);

        dispatcher.accept(source, message(7, source.client(1), 1, "hi")); // returns although the handler blocks

        await().atMost(DEADLINE).until(() -> source.commands().size() == 1);
        assertTrue(source.acks().isEmpty(), "acknowledged while the handler ran");
        assertTrue(thread.get().startsWith("gw-handler-"), thread.get());
        release.countDown();
        awaitAcks(1);
        assertInstanceOf(Command.class, source.log().get(0));
        assertEquals(new FakeGatewayConnection.Ack(7), source.log().get(1));
        assertEquals("reply to hi", source.commands().get(0).getSend().getPayload().getData().toStringUtf8());
    }

    @NonBlocking
    private static final class NonBlockingReplies implements Events {
        private final AtomicReference<String> thread;

        NonBlockingReplies(AtomicReference<String> thread) {
            this.thread = thread;
        }

        @Override
        public void onMessage(ClientContext client, Message message) {
            thread.set(Thread.currentThread().getName());
            client.send("reply to " + message.text());
        }
    }

    @Test
    void aNonBlockingHandlerRunsOnTheThreadThatReceivedItsEventAndIsAcknowledgedBeforeAcceptReturns() {
        AtomicReference<String> thread = new AtomicReference<>();
        dispatcher(new NonBlockingReplies(thread), 2, 10);

        dispatcher.accept(source, message(7, source.client(1), 1, "hi"));

        assertEquals(Thread.currentThread().getName(), thread.get());
        assertEquals(List.of(source.log().get(0), new FakeGatewayConnection.Ack(7)), source.log(),
                "the reply, then the ack, both written before accept returned");
        assertEquals("reply to hi", source.commands().get(0).getSend().getPayload().getData().toStringUtf8());
        assertEquals(0, dispatcher.lanes());
        assertEquals(0, dispatcher.inFlight());
    }

    @Test
    void theSessionIsWrittenBackOnlyWhenTheHandlerChangedIt() {
        String client = source.client(1);
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext context, Message message) {
                Object count = context.session().get("count");
                if (message.text().equals("write")) {
                    context.session().put("count", (Integer) count + 1);
                    context.session().remove("gone");
                }
            }
        }, 2, 10);

        dispatcher.accept(source, event(1, client, 1).setMessage(Payload.newBuilder()
                .setData(ByteString.copyFromUtf8("read"))).setSession(session("count", "1")).build());
        dispatcher.accept(source, event(2, client, 2).setMessage(Payload.newBuilder()
                .setData(ByteString.copyFromUtf8("write"))).setSession(session("count", "1").toBuilder()
                        .putValues("gone", ByteString.copyFromUtf8("0"))).build());

        awaitAcks(2);
        List<Command> commands = source.commands();
        assertEquals(1, commands.size());
        var write = commands.get(0).getSession();
        assertEquals(client, write.getClientId());
        assertFalse(write.getReplace());
        assertEquals(Map.of("count", ByteString.copyFromUtf8("2")), write.getSetMap());
        assertEquals(List.of("gone"), write.getRemoveList());
        assertEquals(List.of(1L, 2L), source.acks());
    }

    @Test
    void aHandlerThatNeverTouchesTheSessionWritesNothingBack() {
        String client = source.client(1);
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext context, Message message) {
                context.send("pong");
            }
        }, 2, 10);

        dispatcher.accept(source, message(1, client, 1, "ping").toBuilder()
                .setSession(session("user", "{ \"name\" : \"alice\" }")).build());

        awaitAcks(1);
        List<Command> commands = source.commands();
        assertEquals(1, commands.size());
        assertTrue(commands.get(0).hasSend());
    }

    @Test
    void aSessionOverTheLimitIsNotStoredTheHandlerIsToldAndTheEventStillAcknowledged() {
        String client = source.client(1);
        String tooBig = "x".repeat(1_100_000); // over the default worker.session.max-bytes (1 MiB)
        List<Object> seen = new CopyOnWriteArrayList<>();
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext context, Message message) {
                if (message.text().equals("grow")) {
                    try {
                        gateway.updateSession(context.clientId(), Map.of("api", tooBig));
                    } catch (IllegalArgumentException refused) {
                        seen.add(refused.getMessage());
                    }
                    context.session().put("blob", tooBig); // refused after the handler: logged
                    context.send("grown");
                } else {
                    seen.add(context.session().keySet());
                }
            }
        }, 1, 10);

        dispatcher.accept(source, message(1, client, 1, "grow"));
        dispatcher.accept(source, message(2, client, 2, "look"));

        awaitAcks(2);
        assertTrue(String.valueOf(seen.get(0)).contains("worker.session.max-bytes"), seen.toString());
        assertEquals(Set.of(), seen.get(1)); // the next event does not see the refused values
        List<Command> commands = source.commands();
        assertEquals(1, commands.size(), commands.toString()); // the send; no session write
        assertEquals("grown", commands.get(0).getSend().getPayload().getData().toStringUtf8());
    }

    @Test
    void nothingIsWrittenBackAfterClose() {
        AtomicReference<Object> name = new AtomicReference<>();
        dispatcher(new Events() {
            @Override
            public void onClose(ClientContext client) {
                name.set(client.session().get("name"));
                client.session().put("name", "changed");
            }
        }, 1, 10);

        dispatcher.accept(source, event(3, source.client(1), 9).setClose(Closed.newBuilder().setCode(1000))
                .setSession(session("name", "\"alice\"")).build());

        awaitAcks(1);
        assertEquals("alice", name.get());
        assertTrue(source.commands().isEmpty());
    }

    /** Handler for the session tests: "set k v" stores a value, "read k" records what the session holds. */
    private final class SessionScript implements Events {

        final List<Object> read = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(ClientContext client, Message message) {
            String[] words = message.text().split(" ");
            switch (words[0]) {
                case "set" -> client.session().put(words[1], words[2]);
                case "api" -> gateway.updateSession(client.clientId(), Map.of(words[1], words[2]));
                case "read" -> read.add(String.valueOf(client.session().get(words[1])));
                default -> throw new IllegalArgumentException(message.text());
            }
        }

        @Override
        public void onClose(ClientContext client) {
            read.add(String.valueOf(client.session().get("name")));
        }
    }

    private static ClientEvent message(long seq, String clientId, String text, Session snapshot) {
        return event(seq, clientId, seq).setSession(snapshot)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(text))).build();
    }

    @Test
    void anEventWhoseSnapshotPredatesTheLastWriteBackSeesWhatThatHandlerLeft() {
        String client = source.client(1);
        SessionScript script = new SessionScript();
        dispatcher(script, 2, 10);

        // Both stamped by the gateway before the first handler's write-back reached it.
        dispatcher.accept(source, message(1, client, "set name alice", Session.getDefaultInstance()));
        dispatcher.accept(source, message(2, client, "read name", Session.getDefaultInstance()));

        awaitAcks(2);
        assertEquals(List.of("alice"), script.read);
        List<Command> commands = source.commands();
        assertEquals(1, commands.size(), commands.toString()); // the second handler changed nothing
        assertEquals(1, commands.get(0).getSession().getEventSeq());
        assertEquals(Map.of("name", ByteString.copyFromUtf8("\"alice\"")), commands.get(0).getSession().getSetMap());
        assertEquals(1, dispatcher.writtenSessions());
    }

    @Test
    void aHandlerThatChangesNothingKeepsTheEarlierWriteBackValidForLaterStaleEvents() {
        String client = source.client(1);
        SessionScript script = new SessionScript();
        dispatcher(script, 2, 10);

        dispatcher.accept(source, message(1, client, "set name alice", Session.getDefaultInstance()));
        dispatcher.accept(source, message(2, client, "read name", Session.getDefaultInstance()));
        dispatcher.accept(source, message(3, client, "set room lobby", Session.getDefaultInstance()));
        dispatcher.accept(source, message(4, client, "read name", Session.getDefaultInstance()));

        awaitAcks(4);
        assertEquals(List.of("alice", "alice"), script.read);
        List<Command> commands = source.commands();
        assertEquals(2, commands.size(), commands.toString());
        assertEquals(3, commands.get(1).getSession().getEventSeq());
        // Only the room is new: the name was written by event 1 and is not written again.
        assertEquals(Map.of("room", ByteString.copyFromUtf8("\"lobby\"")), commands.get(1).getSession().getSetMap());
    }

    @Test
    void aSnapshotWrittenThroughTheLastWriteBackReplacesWhatTheWorkerKept() {
        String client = source.client(1);
        SessionScript script = new SessionScript();
        dispatcher(script, 2, 10);

        dispatcher.accept(source, message(1, client, "set name alice", Session.getDefaultInstance()));
        // The gateway applied our write-back (marked 1) and then another writer changed the name.
        Session fresh = session("name", "\"bob\"").toBuilder().setWrittenThroughSeq(1).build();
        dispatcher.accept(source, message(2, client, "read name", fresh));
        // A later stale snapshot (not possible from one gateway, but cheap to pin down) no longer
        // finds the dropped entry: it is used as it is.
        dispatcher.accept(source, message(3, client, "read name", Session.getDefaultInstance()));

        awaitAcks(3);
        assertEquals(List.of("bob", "null"), script.read);
        assertEquals(0, dispatcher.writtenSessions());
    }

    @Test
    void theCloseEventUsesTheKeptSessionAndRemovesIt() {
        String client = source.client(1);
        SessionScript script = new SessionScript();
        dispatcher(script, 2, 10);

        dispatcher.accept(source, message(1, client, "set name alice", Session.getDefaultInstance()));
        awaitAcks(1);
        assertEquals(1, dispatcher.writtenSessions());
        dispatcher.accept(source, event(2, client, 2).setClose(Closed.newBuilder().setCode(1000)).build());

        awaitAcks(2);
        assertEquals(List.of("alice"), script.read);
        assertEquals(0, dispatcher.writtenSessions());
    }

    @Test
    void writesThroughTheGatewayApiAreMarkedByAnEmptyWriteBackAndSeenByTheNextStaleEvent() {
        String client = source.client(1);
        SessionScript script = new SessionScript();
        dispatcher(script, 2, 10);

        dispatcher.accept(source, message(1, client, "api name alice", Session.getDefaultInstance()));
        dispatcher.accept(source, message(2, client, "read name", Session.getDefaultInstance()));

        awaitAcks(2);
        assertEquals(List.of("alice"), script.read);
        List<Command> commands = source.commands();
        assertEquals(2, commands.size(), commands.toString());
        assertEquals(0, commands.get(0).getSession().getEventSeq());
        assertEquals(Map.of("name", ByteString.copyFromUtf8("\"alice\"")), commands.get(0).getSession().getSetMap());
        // Behind the API write on the stream: once it is applied, so is everything event 1 wrote.
        assertEquals(1, commands.get(1).getSession().getEventSeq());
        assertEquals(Map.of(), commands.get(1).getSession().getSetMap());
        assertEquals(List.of(), commands.get(1).getSession().getRemoveList());
    }

    @Test
    void whenTheGatewayLeavesItsClientsKeptSessionsGo() {
        FakeGatewayConnection elsewhere = view.add("bbbbbbbbbbbb");
        SessionScript script = new SessionScript();
        dispatcher(script, 2, 10);
        dispatcher.accept(source, message(1, source.client(1), "set name alice", Session.getDefaultInstance()));
        dispatcher.accept(elsewhere, message(2, elsewhere.client(1), "set name bob", Session.getDefaultInstance()));
        awaitAcks(1);
        await().atMost(DEADLINE).until(() -> elsewhere.acks().size() == 1);
        assertEquals(2, dispatcher.writtenSessions());

        dispatcher.gatewayGone(source.gatewayId());

        // alice's session lasts until her onClose (for the lost gateway) ran with it
        await().atMost(DEADLINE).until(() -> dispatcher.writtenSessions() == 1);
        assertEquals(List.of("alice"), script.read);
    }

    /** Records each onClose as "clientId lost|closed name", and whether sends from it reached a stream. */
    private final class CloseLog implements Events {

        final List<String> closes = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(ClientContext client, Message message) throws Exception {
            if (message.text().equals("block")) {
                awaitReleasable();
            } else {
                client.session().put("name", message.text());
            }
        }

        @Override
        public void onClose(ClientContext client) {
            client.send("bye"); // a no-op when the gateway is lost
            closes.add(client.clientId() + (client.gatewayLost() ? " lost " : " closed ")
                    + client.session().get("name") + " seq " + client.seq());
        }
    }

    private static ClientEvent connect(long eventId, String clientId) {
        return event(eventId, clientId, 1).setConnect(Connected.getDefaultInstance()).build();
    }

    private static ClientEvent close(long eventId, String clientId, long seq) {
        return event(eventId, clientId, seq).setClose(Closed.newBuilder().setCode(1000)).build();
    }

    @Test
    void clientsSeenOnALostGatewayGetExactlyOneOnCloseClosedOnesNoneOtherGatewaysKeepTheirs() {
        FakeGatewayConnection other = view.add("bbbbbbbbbbbb");
        CloseLog log = new CloseLog();
        dispatcher(log, 2, 10);
        String alice = source.client(1);
        String bob = source.client(2);
        String carol = source.client(3);
        String dave = other.client(1);
        dispatcher.accept(source, connect(1, alice));
        dispatcher.accept(source, message(2, alice, 2, "alice"));
        dispatcher.accept(source, connect(3, bob));
        dispatcher.accept(source, connect(4, carol));
        dispatcher.accept(source, close(5, carol, 2));
        dispatcher.accept(other, connect(1, dave));
        awaitAcks(5);
        await().atMost(DEADLINE).until(() -> other.acks().size() == 1);
        assertEquals(List.of(carol + " closed null seq 2"), log.closes);
        int commandsBefore = source.commands().size();

        dispatcher.gatewayGone(source.gatewayId());
        dispatcher.gatewayGone(source.gatewayId()); // told twice (two registers): still one onClose each

        await().atMost(DEADLINE).until(() -> dispatcher.seenClients() == 1); // dave's
        assertEquals(3, log.closes.size(), log.closes.toString());
        assertEquals(List.of(alice + " lost alice seq 3", bob + " lost null seq 2"),
                log.closes.subList(1, 3).stream().sorted().toList());
        assertEquals(commandsBefore, source.commands().size()); // the lost clients' "bye" went nowhere
        assertEquals(5, source.acks().size()); // nothing acknowledged for events the gateway never sent
        assertEquals(0, dispatcher.writtenSessions(), "alice's kept session went with her onClose");
    }

    @Test
    void anAdoptedClientRunsNoHandlerIsAcknowledgedAndGetsItsOnCloseWhenItsGatewayIsLost() {
        CloseLog log = new CloseLog();
        dispatcher(log, 2, 10);
        String alice = source.client(1);
        // Alice's worker left; the gateway moved her here with her session and her current seq (4).
        Session session = Session.newBuilder().putValues("name", ByteString.copyFromUtf8("\"alice\"")).build();
        dispatcher.accept(source, event(7, alice, 4).setSession(session).setAdopted(Adopted.getDefaultInstance()).build());
        awaitAcks(1);
        assertEquals(List.of(), log.closes, "no handler ran");
        assertEquals(List.of(7L), source.acks());

        dispatcher.gatewayGone(source.gatewayId());

        await().atMost(DEADLINE).until(() -> log.closes.size() == 1);
        assertEquals(List.of(alice + " lost alice seq 5"), log.closes);
    }

    @Test
    void theOnCloseOfALostGatewayRunsAfterTheClientsRunningHandlerAndNotAfterItsOwnClose() throws Exception {
        CloseLog log = new CloseLog();
        dispatcher(log, 2, 10);
        String alice = source.client(1);
        String bob = source.client(2);
        dispatcher.accept(source, connect(1, alice));
        dispatcher.accept(source, message(2, alice, 2, "block"));
        dispatcher.accept(source, connect(3, bob));
        dispatcher.accept(source, message(4, bob, 2, "block"));
        // bob's close arrived before the gateway was lost, queued behind his running handler
        dispatcher.accept(source, close(5, bob, 3));

        dispatcher.gatewayGone(source.gatewayId());
        assertTrue(log.closes.isEmpty(), "onClose must wait for the running handlers");
        release.countDown();

        await().atMost(DEADLINE).until(() -> dispatcher.seenClients() == 0 && dispatcher.lanes() == 0);
        assertEquals(List.of(alice + " lost null seq 3", bob + " closed null seq 3"), log.closes.stream().sorted()
                .toList());
    }

    private CloseLog oneConnectedClientWithAGraceOf300Ms() {
        lostGraceMillis = 300;
        CloseLog log = new CloseLog();
        dispatcher(log, 2, 10);
        dispatcher.accept(source, connect(1, source.client(1)));
        awaitAcks(1);
        return log;
    }

    @Test
    void aGatewayThatComesBackWithinTheGraceAndReopensItsStreamGetsNoOnCloseForItsClients() {
        CloseLog log = oneConnectedClientWithAGraceOf300Ms();

        dispatcher.gatewayGone(source.gatewayId()); // its register stream broke; it re-joins at once
        dispatcher.streamOpened(new FakeGatewayConnection(source.gatewayId()));

        await().during(Duration.ofMillis(600)).atMost(DEADLINE).until(log.closes::isEmpty);
        assertEquals(0, dispatcher.seenClients());
    }

    @Test
    void aLostGatewaysClientsGetTheirOnCloseOnlyAfterTheGrace() {
        CloseLog log = oneConnectedClientWithAGraceOf300Ms();
        String alice = source.client(1);

        long gone = System.nanoTime();
        dispatcher.gatewayGone(source.gatewayId());

        await().atMost(DEADLINE).until(() -> log.closes.size() == 1);
        assertTrue(System.nanoTime() - gone >= TimeUnit.MILLISECONDS.toNanos(300), "closed before the grace");
        assertEquals(List.of(alice + " lost null seq 2"), log.closes);
    }

    @Test
    void clientsKnownOnlyFromAnEarlierStreamAreLeftToTheWorkerTheGatewayReBoundThemTo() {
        CloseLog log = new CloseLog();
        dispatcher(log, 2, 10);
        String moved = source.client(1);
        String stayed = source.client(2);
        dispatcher.accept(source, connect(1, moved));
        dispatcher.accept(source, connect(2, stayed));
        awaitAcks(2);

        // The stream broke and opened again: the gateway re-bound both clients; stayed's next event came here.
        FakeGatewayConnection reopened = new FakeGatewayConnection(source.gatewayId());
        dispatcher.streamOpened(reopened);
        dispatcher.accept(reopened, message(3, stayed, 2, "stayed"));
        await().atMost(DEADLINE).until(() -> reopened.acks().size() == 1);
        assertEquals(1, dispatcher.seenClients());

        dispatcher.gatewayGone(source.gatewayId());

        await().atMost(DEADLINE).until(() -> dispatcher.seenClients() == 0);
        await().atMost(DEADLINE).until(() -> log.closes.size() == 1);
        assertEquals(List.of(stayed + " lost stayed seq 3"), log.closes);
    }

    @Test
    void aFailingHandlerIsCountedItsEventAcknowledgedAndTheClientsNextEventStillRuns() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext client, Message message) {
                handled.add(client.seq());
                client.session().put("tried", client.seq());
                if (client.seq() == 1) {
                    throw new IllegalStateException("boom");
                }
            }
        }, 1, 10);

        dispatcher.accept(source, message(1, source.client(1), 1, "x"));
        dispatcher.accept(source, message(2, source.client(1), 2, "y"));

        awaitAcks(2);
        assertEquals(List.of(1L, 2L), handled);
        assertEquals(1.0, registry.get("gw.worker.handler.failures").counter().count());
        assertEquals(2.0, registry.get("gw.worker.events.handled").counter().count());
        // What the handler did before it threw stands, its session change included.
        assertEquals(2, source.commands().size());
    }

    @Test
    void eventsBeyondTwiceTheWindowAreRefusedLeftUnacknowledgedAndTheStreamIsReset() {
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext client, Message message) throws Exception {
                awaitReleasable();
            }
        }, 2, 2);

        for (long id = 1; id <= 6; id++) {
            dispatcher.accept(source, message(id, source.client(id), 1, "x"));
        }

        assertEquals(2.0, registry.get("gw.worker.events.refused").counter().count());
        assertEquals(2, source.resets().size(), "each refusal resets the stream: " + source.resets());
        assertEquals(4, dispatcher.inFlight());
        release.countDown();
        awaitAcks(4);
        assertEquals(List.of(1L, 2L, 3L, 4L), source.acks().stream().sorted().toList());
    }

    @Test
    void theHandlerSeesTheEventTheHandshakeAndTheMessage() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        dispatcher(new Events() {
            @Override
            public void onConnect(ClientContext client) {
                seen.add(List.of(client.clientId(), client.gatewayId(), client.remoteAddress(), client.transport(),
                        client.seq(), client.redelivered()));
            }

            @Override
            public void onWebSocketConnect(ClientContext client, WebSocketHandshake handshake) {
                seen.add(handshake);
            }

            @Override
            public void onMessage(ClientContext client, Message message) {
                seen.add(message);
            }
        }, 1, 10);
        String client = source.client(0xab);

        dispatcher.accept(source, event(1, client, 1).setRedelivered(true).setRemoteAddress("10.0.0.1:5000")
                .setTransport(Transport.WEBSOCKET).setConnect(Connected.getDefaultInstance()).build());
        dispatcher.accept(source, event(2, client, 2).setWebsocketConnect(WebSocketConnected.newBuilder()
                .setPath("/ws").setQuery("token=a%20b&x").putHeaders("origin", "http://x")).build());
        dispatcher.accept(source, event(3, client, 3).setMessage(Payload.newBuilder()
                .setKind(Payload.Kind.BINARY).setData(ByteString.copyFrom(new byte[] {1, 2}))).build());

        awaitAcks(3);
        assertEquals(List.of(client, "aaaaaaaaaaaa", "10.0.0.1:5000", io.gatewayworker.worker.api.Transport.WEBSOCKET,
                1L, true), seen.get(0));
        WebSocketHandshake handshake = (WebSocketHandshake) seen.get(1);
        assertEquals("/ws", handshake.path());
        assertEquals(Optional.of("a b"), handshake.queryParameter("token"));
        assertEquals(Optional.of(""), handshake.queryParameter("x"));
        assertEquals(Optional.of("http://x"), handshake.header("Origin"));
        assertEquals(Message.binary(new byte[] {1, 2}), seen.get(2));
    }

    @Test
    void gatewayCallsOnTheCurrentClientWorkAndSessionWritesAreNotRepeated() {
        dispatcher(new Events() {
            @Override
            public void onMessage(ClientContext client, Message message) {
                gateway.updateSession(client.clientId(), Map.of("name", "alice"));
                client.session().put("local", 1);
                gateway.sendToCurrentClient("name is " + client.session().get("name"));
                assertEquals(client, gateway.currentClient().orElseThrow());
            }
        }, 1, 10);

        dispatcher.accept(source, message(1, source.client(1), 1, "x"));

        awaitAcks(1);
        List<Command> commands = source.commands();
        assertEquals(3, commands.size(), commands.toString());
        assertEquals(Map.of("name", ByteString.copyFromUtf8("\"alice\"")), commands.get(0).getSession().getSetMap());
        assertEquals("name is alice", commands.get(1).getSend().getPayload().getData().toStringUtf8());
        assertEquals(Map.of("local", ByteString.copyFromUtf8("1")), commands.get(2).getSession().getSetMap());
        assertTrue(gateway.currentClient().isEmpty(), "the current client leaked out of the handler");
    }

    @Test
    void workerStartAndStopReachTheApplicationAndAStoppedDispatcherRefusesEvents() throws Exception {
        List<String> calls = new ArrayList<>();
        dispatcher(new Events() {
            @Override
            public void onWorkerStart(WorkerContext worker) {
                calls.add("start " + worker.workerId());
            }

            @Override
            public void onWorkerStop(WorkerContext worker) {
                calls.add("stop " + worker.workerId());
            }
        }, 1, 10);

        dispatcher.start(null);
        dispatcher.stop(null);
        dispatcher.accept(source, message(1, source.client(1), 1, "late"));

        assertEquals(List.of("start w-test", "stop w-test"), calls);
        assertTrue(dispatcher.pool().isShutdown());
        assertEquals(1.0, registry.get("gw.worker.events.refused").counter().count());
        assertTrue(source.acks().isEmpty());
    }

    @Test
    void aFailingWorkerStartFailsTheStartup() {
        dispatcher(new Events() {
            @Override
            public void onWorkerStart(WorkerContext worker) throws Exception {
                throw new java.io.IOException("no database");
            }
        }, 1, 10);

        IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> dispatcher.start(null));
        assertTrue(failure.getMessage().contains("onWorkerStart"), failure.getMessage());
        assertEquals("no database", failure.getCause().getMessage());
    }
}
