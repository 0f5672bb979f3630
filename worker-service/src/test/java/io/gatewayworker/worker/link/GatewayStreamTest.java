package io.gatewayworker.worker.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.Ungroup;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.dispatch.ClientEventSink;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.keepalive.KeepAliveConfig;
import io.gatewayworker.support.tls.TestPki;
import io.gatewayworker.support.tls.TlsSettings;
import io.gatewayworker.worker.support.FreezingProxy;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.TestRegisters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * One stream without the application around it: shutdown (drain, then half-close), the outbound
 * bound, and the hello timeout.
 */
class GatewayStreamTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** gRPC's shortest keepalive time (it raises anything shorter to 10 s) and a short timeout. */
    private static final KeepAliveConfig KEEP_ALIVE = new KeepAliveConfig() {
        @Override
        public Duration time() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(1);
        }
    };

    private final List<ClientEvent> events = new CopyOnWriteArrayList<>();
    private final List<GatewayConnection> opened = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<GatewayConnection, ClientEvent> onEvent = (source, event) -> {
    };
    private Vertx vertx;
    private TestGateway gateway;
    private GatewayStream stream;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        gateway = new TestGateway("abcdef012345", TestRegisters.freePort(), TestRegisters.SECRET).start();
        stream = streamTo(gateway);
        await().atMost(DEADLINE).until(stream::isOpen);
    }

    private GatewayStream streamTo(TestGateway target) {
        return streamTo(target.gatewayId(), target.address(), TlsSettings.PLAINTEXT);
    }

    private GatewayStream streamTo(String gatewayId, String address, TlsSettings tls) {
        // Production's timeout: a short one here can abandon a stream that is merely slow to start
        // on a loaded machine, and leave the gateway with an extra hello and ended stream.
        return streamTo(gatewayId, address, tls, Duration.ofSeconds(10));
    }

    private GatewayStream streamTo(String gatewayId, String address, TlsSettings tls, Duration helloTimeout) {
        ClientEventSink sink = new ClientEventSink() {
            @Override
            public void accept(GatewayConnection source, ClientEvent event) {
                events.add(event);
                onEvent.accept(source, event);
            }

            @Override
            public void streamOpened(GatewayConnection source) {
                opened.add(source);
            }
        };
        StreamSettings settings = new StreamSettings("w-test", 16, 100, 256, 1 << 20, 16 << 20,
                Duration.ofMillis(50), Duration.ofMillis(200), helloTimeout,
                new ClusterSecret(TestRegisters.SECRET, "worker.secret-key").clientInterceptor(),
                tls, sink,
                new WorkerMetrics(new SimpleMeterRegistry()), (VertxInternal) vertx, KEEP_ALIVE);
        GatewayStream created = new GatewayStream(gatewayId, address, settings);
        created.start();
        return created;
    }

    @Test
    void aGatewayThatNeverSaysHelloIsAbandonedAndRetried() {
        TestGateway silent = new TestGateway("0123456789ab", TestRegisters.freePort(), TestRegisters.SECRET);
        silent.silent(true);
        silent.start();
        GatewayStream waiting = streamTo(silent.gatewayId(), silent.address(), TlsSettings.PLAINTEXT,
                Duration.ofMillis(300));
        try {
            await().atMost(DEADLINE).until(() -> silent.hellos().size() >= 3 && silent.endedStreams() >= 2);
            assertFalse(waiting.isOpen());
            silent.silent(false);
            await().atMost(DEADLINE).until(waiting::isOpen);
            await().during(Duration.ofMillis(600)).atMost(DEADLINE).until(waiting::isOpen);
        } finally {
            waiting.close();
            silent.stop();
        }
    }

    @Test
    void aStreamToAGatewayServingMutualTlsOpensWithTheCertificateAndNotWithout() {
        TestPki pki = TestPki.create();
        TestGateway secure = new TestGateway("fedcba987654", TestRegisters.freePort(), TestRegisters.SECRET)
                .tls(pki.settings(pki.issue(TlsSettings.DEFAULT_SERVER_NAME)).requiringClientCertificates())
                .start();
        GatewayStream plaintext = streamTo(secure.gatewayId(), secure.address(), TlsSettings.PLAINTEXT);
        GatewayStream mutual = streamTo(secure.gatewayId(), secure.address(), pki.settings(pki.issue("worker-1")));
        try {
            await().atMost(DEADLINE).until(mutual::isOpen);
            secure.emit(messages(7, 7));
            await().atMost(DEADLINE).until(() -> events.stream().anyMatch(event -> event.getEventId() == 7));

            assertFalse(plaintext.isOpen());
            assertEquals(1, secure.hellos().size(), "only the TLS stream reached the gateway");
        } finally {
            plaintext.close();
            mutual.close();
            secure.stop();
        }
    }

    @Test
    void aGatewayThatFreezesIsNoticedByKeepaliveWithinTimePlusTimeout() {
        try (FreezingProxy proxy = new FreezingProxy(Integer.parseInt(gateway.address().split(":")[1]))) {
            GatewayStream relayed = streamTo(gateway.gatewayId(), proxy.address(), TlsSettings.PLAINTEXT);
            try {
                await().atMost(DEADLINE).until(relayed::isOpen);
                long frozenAt = System.nanoTime();

                proxy.freeze(); // no reset, no answer: without keepalive the stream would look open for good

                await().atMost(KEEP_ALIVE.time().plus(KEEP_ALIVE.timeout()).plusSeconds(5))
                        .until(() -> !relayed.isOpen());
                assertTrue(System.nanoTime() - frozenAt >= KEEP_ALIVE.time().toNanos() / 2,
                        "closed by keepalive, not by something else at once");
            } finally {
                relayed.close();
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        stream.close();
        gateway.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<ClientEvent> messages(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).mapToObj(id -> ClientEvent.newBuilder()
                .setEventId(id).setClientId("abcdef0123451").setSeq(id)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8("m" + id))).build()).toList();
    }

    private long drains() {
        return gateway.received().stream().filter(WorkerMessage::hasDrain).count();
    }

    @Test
    void drainWaitsForTheEventsReceivedSoFarThenFinishHalfCloses() throws Exception {
        gateway.emit(messages(1, 2));
        await().atMost(DEADLINE).until(() -> events.size() == 2);

        CompletableFuture<Void> drained = stream.drain("shutdown");
        await().atMost(DEADLINE).until(() -> drains() == 1);
        assertEquals("shutdown", gateway.received().stream().filter(WorkerMessage::hasDrain).findFirst()
                .orElseThrow().getDrain().getReason());
        assertFalse(drained.isDone(), "events 1 and 2 are not acknowledged yet");
        assertEquals(2, stream.unacknowledged());

        stream.ack(1);
        assertFalse(drained.isDone());
        stream.send(Command.newBuilder().setRequestId(5).setSend(Send.newBuilder()
                .setTarget(Target.newBuilder().setAll(true))).build());
        stream.ack(2);
        drained.get(10, TimeUnit.SECONDS);

        stream.finish();
        stream.awaitFinished(5000);
        await().atMost(DEADLINE).until(() -> gateway.endedStreams() == 1 && gateway.openStreams() == 0);
        List<WorkerMessage> received = gateway.received();
        assertTrue(received.stream().anyMatch(m -> m.hasCommand() && m.getCommand().getRequestId() == 5),
                "what was queued before finish is written");
        assertEquals(List.of(1L, 2L), received.stream().filter(WorkerMessage::hasAck)
                .flatMap(m -> m.getAck().getEventIdsList().stream()).sorted().toList());
        assertFalse(stream.isOpen());
        assertEquals(1, gateway.hellos().size(), "a finished stream does not reconnect");
    }

    @Test
    void drainWithNothingUnacknowledgedCompletesOnceTheGatewayAccepts() throws Exception {
        gateway.holdDrains(true);
        CompletableFuture<Void> drained = stream.drain("shutdown");
        await().atMost(DEADLINE).until(() -> drains() == 1);
        assertFalse(drained.isDone(), "events the gateway sent before it saw the drain may still be on their way");

        gateway.acceptDrain();
        drained.get(10, TimeUnit.SECONDS);
    }

    @Test
    void drainAlsoWaitsForEventsTheGatewaySentBeforeItAccepted() throws Exception {
        gateway.holdDrains(true);
        gateway.emit(messages(1, 1));
        await().atMost(DEADLINE).until(() -> events.size() == 1);
        CompletableFuture<Void> drained = stream.drain("shutdown");
        await().atMost(DEADLINE).until(() -> drains() == 1);
        stream.ack(1);
        gateway.emit(messages(2, 2)); // crossed the drain on the wire
        gateway.acceptDrain();
        await().atMost(DEADLINE).until(() -> events.size() == 2);

        await().during(Duration.ofMillis(200)).atMost(DEADLINE).until(() -> !drained.isDone());
        stream.ack(2);
        drained.get(10, TimeUnit.SECONDS);
    }

    @Test
    void drainAwaitsOnlyTheEventsInFlightWhenTheGatewayAccepted() throws Exception {
        gateway.holdDrains(true);
        gateway.emit(messages(1, 2));
        await().atMost(DEADLINE).until(() -> events.size() == 2);
        CompletableFuture<Void> drained = stream.drain("shutdown");
        await().atMost(DEADLINE).until(() -> drains() == 1);
        gateway.acceptDrain();
        gateway.emit(messages(3, 3)); // a gateway breaking the contract: not waited for
        await().atMost(DEADLINE).until(() -> events.size() == 3);

        stream.ack(2);
        assertFalse(drained.isDone(), "event 1 is not acknowledged yet");
        stream.ack(1);
        drained.get(10, TimeUnit.SECONDS);
        assertEquals(1, stream.unacknowledged(), "event 3 is left for the gateway to re-deliver");
    }

    @Test
    void aStreamReconnectedWhileDrainingTellsTheGatewayAgain() {
        stream.drain("shutdown");
        await().atMost(DEADLINE).until(() -> drains() == 1);
        gateway.dropStreams();
        await().atMost(DEADLINE).until(() -> gateway.hellos().size() == 2 && drains() == 2);
    }

    @Test
    void anAckForAnEventOfABrokenCallDoesNotAcknowledgeItsRedeliveredCopy() {
        List<GatewayConnection> sources = new CopyOnWriteArrayList<>();
        onEvent = (source, event) -> sources.add(source);
        gateway.emit(messages(1, 1));
        await().atMost(DEADLINE).until(() -> sources.size() == 1);

        gateway.dropStreams();
        await().atMost(DEADLINE).until(() -> gateway.hellos().size() == 2 && stream.isOpen());
        gateway.emit(messages(1, 1)); // the gateway re-delivers event 1 on the new call
        await().atMost(DEADLINE).until(() -> sources.size() == 2);

        sources.get(0).ack(1); // the first handler finishes late
        sources.get(1).send(marker());
        await().atMost(DEADLINE).until(() -> gateway.received().stream().anyMatch(WorkerMessage::hasCommand));
        assertEquals(List.of(), acks(), "the late ack of the broken call must not count");

        sources.get(1).ack(1);
        await().atMost(DEADLINE).until(() -> acks().equals(List.of(1L)));
    }

    @Test
    void eachOpenedCallIsAnnouncedToTheSinkWithTheSourceItsEventsComeWith() {
        List<GatewayConnection> sources = new CopyOnWriteArrayList<>();
        onEvent = (source, event) -> sources.add(source);
        await().atMost(DEADLINE).until(() -> opened.size() == 1);
        gateway.emit(messages(1, 1));
        await().atMost(DEADLINE).until(() -> sources.size() == 1);

        gateway.dropStreams();
        await().atMost(DEADLINE).until(() -> opened.size() == 2);
        gateway.emit(messages(2, 2));
        await().atMost(DEADLINE).until(() -> sources.size() == 2);

        assertSame(opened.get(0), sources.get(0));
        assertSame(opened.get(1), sources.get(1));
        assertNotSame(sources.get(0), sources.get(1));
    }

    @Test
    void aResetFromTheSinkEndsTheCallAndTheStreamReconnects() {
        List<GatewayConnection> sources = new CopyOnWriteArrayList<>();
        onEvent = (source, event) -> sources.add(source);
        gateway.emit(messages(1, 1));
        await().atMost(DEADLINE).until(() -> sources.size() == 1);

        sources.get(0).reset("test");

        await().atMost(DEADLINE).until(() -> gateway.endedStreams() == 1 && gateway.hellos().size() == 2);
        await().atMost(DEADLINE).until(stream::isOpen);
        sources.get(0).reset("late"); // bound to the ended call: the new one stays
        gateway.emit(messages(2, 2));
        await().atMost(DEADLINE).until(() -> sources.size() == 2);
        assertEquals(1, gateway.endedStreams());
    }

    private List<Long> acks() {
        return gateway.received().stream().filter(WorkerMessage::hasAck)
                .flatMap(m -> m.getAck().getEventIdsList().stream()).toList();
    }

    private static Command marker() {
        return Command.newBuilder().setUngroup(Ungroup.newBuilder().addGroups("marker")).build();
    }

    @Test
    void theDrainCompletesWhenTheStreamBreaks() throws Exception {
        gateway.emit(messages(1, 1));
        await().atMost(DEADLINE).until(() -> events.size() == 1);
        CompletableFuture<Void> drained = stream.drain("shutdown");
        await().atMost(DEADLINE).until(() -> drains() == 1);
        gateway.dropStreams();
        drained.get(10, TimeUnit.SECONDS); // the gateway re-delivers the unacknowledged event elsewhere
    }

    @Test
    void aFullOutboundQueueRefusesCommandsAndTheRestStillArrive() {
        // The sink runs on the stream's event loop, so nothing is flushed while it queues: the queue
        // (capacity 100 here) fills up exactly as when a gateway stops reading.
        CompletableFuture<Integer> refused = new CompletableFuture<>();
        onEvent = (source, event) -> {
            int failures = 0;
            for (int i = 1; i <= 150; i++) {
                try {
                    source.send(Command.newBuilder().setRequestId(i).build());
                } catch (OutboundQueueFullException e) {
                    failures++;
                }
            }
            refused.complete(failures);
        };
        gateway.emit(messages(1, 1));
        assertEquals(50, refused.join());
        await().atMost(DEADLINE).until(() -> gateway.received().stream().filter(WorkerMessage::hasCommand).count() == 100);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList(), gateway.received().stream()
                .filter(WorkerMessage::hasCommand).map(m -> m.getCommand().getRequestId()).toList());
        stream.send(Command.newBuilder().setRequestId(200).build()); // room again once written
    }
}
