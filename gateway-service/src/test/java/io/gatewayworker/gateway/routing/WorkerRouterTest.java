package io.gatewayworker.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Closed;
import io.gatewayworker.proto.link.Connected;
import io.gatewayworker.proto.link.Payload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class WorkerRouterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private WorkerRouter router = new WorkerRouter(100, new GatewayMetrics(meters));

    @Test
    void aClientsEventsAllGoToOneWorkerAndNewClientsToTheLeastLoaded() {
        Recorder a = attach("a", 10);
        Recorder b = attach("b", 10);
        ClientRoute x = new ClientRoute("x");
        ClientRoute y = new ClientRoute("y");

        dispatch(x, connect());
        dispatch(x, message("1"));
        dispatch(x, message("2"));
        dispatch(y, connect());

        Recorder xs = a.events.size() == 3 ? a : b;
        Recorder ys = xs == a ? b : a;
        assertEquals(List.of(1L, 2L, 3L), xs.seqs("x"));
        assertEquals(List.of(1L), ys.seqs("y"));
        assertEquals(List.of(), xs.seqs("y"));
        assertEquals(xs.lane.workerId(), x.workerId());
    }

    @Test
    void eventIdsAreUniqueAndSequencesArePerClient() {
        Recorder a = attach("a", 10);
        ClientRoute x = new ClientRoute("x");
        ClientRoute y = new ClientRoute("y");

        dispatch(x, connect());
        dispatch(y, connect());
        dispatch(x, message("m"));

        assertEquals(List.of(1L, 2L), a.seqs("x"));
        assertEquals(List.of(1L), a.seqs("y"));
        assertEquals(3, a.events.stream().map(ClientEvent::getEventId).distinct().count());
    }

    @Test
    void eventsBeyondTheWindowWaitUntilAcked() {
        Recorder a = attach("a", 2);
        ClientRoute x = new ClientRoute("x");
        dispatch(x, connect());
        for (int i = 0; i < 4; i++) {
            dispatch(x, message("m" + i));
        }
        assertEquals(List.of(1L, 2L), a.seqs("x"));
        assertEquals(5, a.lane.load());

        router.ack(a.lane, List.of(a.events.get(0).getEventId()));
        assertEquals(List.of(1L, 2L, 3L), a.seqs("x"));

        router.ack(a.lane, List.of(a.events.get(1).getEventId(), a.events.get(2).getEventId()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), a.seqs("x"));
        assertEquals(2, a.lane.load());
    }

    @Test
    void aFullQueueKeepsTheEventAndPausesTheClientUntilItIsBackUnderHalf() {
        router = new WorkerRouter(FlowLimits.queueOnly(2), new GatewayMetrics(meters));
        Recorder a = attach("a", 1);
        Throttle throttle = new Throttle();
        ClientRoute x = new ClientRoute("x", throttle);
        dispatch(x, connect()); // in flight
        dispatch(x, message("queued 1"));
        assertFalse(x.isPaused());

        assertEquals(Dispatch.ROUTED, dispatch(x, message("queued 2"))); // the queue is full now
        assertTrue(x.isPaused());
        assertEquals(List.of("pause"), throttle.calls);
        assertEquals(1, router.pausedClients());

        ack(a, 0); // queued 1 goes out: one waits, which is half the queue
        assertEquals(List.of("pause", "resume"), throttle.calls);
        ack(a, 1);
        ack(a, 2);
        dispatch(x, close());
        ack(a, 3);
        assertEquals(List.of(1L, 2L, 3L, 4L), a.seqs("x"));
        assertEquals(List.of("queued 1", "queued 2"), a.texts("x"));
        assertEquals(0, router.pausedClients());
        assertEquals(1.0, meters.get("gw.gateway.reads.paused").counter().count());
    }

    @Test
    void aClientAtItsOwnBoundIsPausedWhileAnotherClientOfTheSameWorkerGoesOn() {
        router = new WorkerRouter(new FlowLimits(100, 1 << 20, 4, 1 << 20), new GatewayMetrics(meters));
        Recorder a = attach("a", 100);
        Throttle flooding = new Throttle();
        ClientRoute x = new ClientRoute("x", flooding);
        Throttle quiet = new Throttle();
        ClientRoute y = new ClientRoute("y", quiet);
        dispatch(y, connect());
        dispatch(x, connect());
        for (int i = 1; i <= 3; i++) {
            dispatch(x, message("flood " + i));
        }
        assertTrue(x.isPaused(), "4 unacknowledged events: at its bound");

        dispatch(y, message("still served"));

        assertFalse(y.isPaused());
        assertEquals(List.of(), quiet.calls);
        assertEquals(List.of("still served"), a.texts("y"));
        ack(a, 1); // x's connect: 3 left, over half
        assertEquals(List.of("pause"), flooding.calls);
        ack(a, 2); // 2 left: half
        assertEquals(List.of("pause", "resume"), flooding.calls);
    }

    @Test
    void theByteBoundPausesAClientSendingLargeMessages() {
        router = new WorkerRouter(new FlowLimits(100, 1 << 20, 100, 10), new GatewayMetrics(meters));
        Recorder a = attach("a", 100);
        ClientRoute x = new ClientRoute("x", new Throttle());
        dispatch(x, connect());
        dispatch(x, message("12345"));
        assertFalse(x.isPaused());
        dispatch(x, message("67890"));
        assertTrue(x.isPaused(), "10 payload bytes unacknowledged");
        ack(a, 1);
        assertFalse(x.isPaused(), "5 bytes: half");
    }

    @Test
    void aClientPausedBehindAWorkerThatDiesReadsAgainOnceAnotherWorkerAcknowledges() {
        router = new WorkerRouter(FlowLimits.queueOnly(1), new GatewayMetrics(meters));
        Recorder a = attach("a", 1);
        Throttle throttle = new Throttle();
        ClientRoute x = new ClientRoute("x", throttle);
        dispatch(x, connect());
        dispatch(x, message("waits"));
        assertTrue(x.isPaused());
        Recorder b = attach("b", 10);

        router.detach(a.lane);

        assertEquals(List.of(1L, 2L), b.seqs("x"));
        assertEquals(List.of("pause", "resume"), throttle.calls, "nothing holds it back any more");
    }

    @Test
    void unackedEventsOfAnEndedStreamAreRedeliveredInOrderToAnotherWorker() {
        Recorder a = attach("a", 2);
        ClientRoute x = new ClientRoute("x");
        dispatch(x, connect());
        dispatch(x, message("m2"));
        dispatch(x, message("m3"));
        dispatch(x, message("m4"));
        router.ack(a.lane, List.of(a.events.get(0).getEventId())); // 1 acked; 2, 3 in flight; 4 waiting
        Recorder b = attach("b", 10);

        router.detach(a.lane);
        dispatch(x, message("m5"));

        assertEquals(List.of(2L, 3L, 4L, 5L), b.seqs("x"));
        assertEquals(List.of(true, true, false, false), b.redelivered("x"));
        assertEquals("b", x.workerId());
        assertEquals(2.0, meters.get("gw.gateway.events.redelivered").counter().count());
        assertFalse(router.workerIds().contains("a"));
    }

    @Test
    void aClientThatNoticesTheEndedStreamFirstStillSendsItsOldEventsFirst() {
        Recorder a = attach("a", 10);
        ClientRoute x = new ClientRoute("x");
        dispatch(x, connect());
        dispatch(x, message("m2"));
        Recorder b = attach("b", 10);

        a.lane.close(); // the stream ended, but the router has not re-delivered yet
        dispatch(x, message("m3"));
        router.detach(a.lane);

        assertEquals(List.of(1L, 2L, 3L), b.seqs("x"));
        assertEquals(List.of(true, true, false), b.redelivered("x"));
    }

    @Test
    void withoutWorkersEventsAreParkedAndDeliveredInOrderWhenOneAttaches() {
        Recorder a = attach("a", 10);
        ClientRoute x = new ClientRoute("x");
        dispatch(x, connect());
        router.detach(a.lane);

        assertEquals(Dispatch.PARKED, dispatch(x, message("m2")));
        assertEquals(Dispatch.PARKED, dispatch(x, close()));
        assertEquals(3, router.parkedEvents());
        assertFalse(router.hasWorker());

        Recorder b = attach("b", 10);

        assertEquals(List.of(1L, 2L, 3L), b.seqs("x"));
        assertEquals(List.of(true, false, false), b.redelivered("x"));
        assertEquals(0, router.parkedEvents());
    }

    @Test
    void fullParkingPausesTheClientAndKeepsEverythingForTheNextWorker() {
        router = new WorkerRouter(FlowLimits.queueOnly(2), new GatewayMetrics(meters));
        Throttle throttle = new Throttle();
        ClientRoute x = new ClientRoute("x", throttle);
        assertEquals(Dispatch.PARKED, dispatch(x, connect()));
        assertFalse(x.isPaused());
        assertEquals(Dispatch.PARKED, dispatch(x, message("m2")));
        assertTrue(x.isPaused());
        assertEquals(Dispatch.PARKED, dispatch(x, message("m3"))); // read before the pause took effect: kept

        Recorder a = attach("a", 10);
        assertEquals(List.of(1L, 2L, 3L), a.seqs("x"));
        assertEquals(List.of("pause"), throttle.calls, "its events are not acknowledged yet");
        ack(a, 0);
        assertEquals(List.of("pause", "resume"), throttle.calls);
    }

    @Test
    void aDrainingWorkerGetsNoNewClientsAndNoNewEvents() {
        Recorder a = attach("a", 10);
        ClientRoute x = new ClientRoute("x");
        dispatch(x, connect());
        router.drain(a.lane);
        assertFalse(router.hasWorker());

        Recorder b = attach("b", 10);
        ClientRoute y = new ClientRoute("y");
        dispatch(y, connect());
        assertEquals(Dispatch.PARKED, dispatch(x, message("m2")), "waits for a's ack of the connect");

        assertEquals(List.of(1L), a.seqs("x"));
        assertEquals(List.of(1L), b.seqs("y"));
        assertEquals(List.of(), b.seqs("x"));
        assertEquals(3, router.pendingEvents(), "x's connect on a, y's on b, x's m2 waiting");
    }

    @Test
    void aClientOfADrainingWorkerMovesOnceItsEventsThereAreAcknowledged() {
        ClientRoute x = new ClientRoute("x");
        Handover handover = xSentTwoEventsToADrainingWorker(x, 10);
        Recorder a = handover.draining();
        Recorder b = handover.other();
        dispatch(x, message("m3"));

        router.ack(a.lane, List.of(a.events.get(0).getEventId()));
        assertEquals(List.of(), b.seqs("x"), "m2 is still being handled on a");

        router.ack(a.lane, List.of(a.events.get(1).getEventId()));
        assertEquals(List.of(3L), b.seqs("x"));
        assertEquals(List.of(false), b.redelivered("x"));
        assertEquals("b", x.workerId());
        dispatch(x, message("m4"));
        assertEquals(List.of(3L, 4L), b.seqs("x"));
        assertEquals(List.of(1L, 2L), a.seqs("x"), "a got nothing after its drain");
    }

    @Test
    void eventsWaitingBehindADrainingWorkersWindowMoveFirstAndInOrder() {
        ClientRoute x = new ClientRoute("x");
        Handover handover = xSentTwoEventsToADrainingWorker(x, 1);
        Recorder a = handover.draining();

        dispatch(x, message("m3"));
        router.ack(a.lane, List.of(a.events.get(0).getEventId()));

        assertEquals(List.of(1L), a.seqs("x"), "the window's waiting event never reaches a");
        assertEquals(List.of(2L, 3L), handover.other().seqs("x"));
        assertEquals(0, a.lane.load());
    }

    @Test
    void aClientWithNothingOutstandingOnADrainingWorkerMovesAtOnce() {
        Recorder a = attach("a", 10);
        ClientRoute x = new ClientRoute("x");
        dispatch(x, connect());
        router.ack(a.lane, List.of(a.events.get(0).getEventId()));
        Recorder b = attach("b", 10);

        router.drain(a.lane);
        assertEquals(Dispatch.ROUTED, dispatch(x, close()));

        assertEquals(List.of(2L), b.seqs("x"));
        assertTrue(b.events.get(0).hasClose());
    }

    @Test
    void aDrainingWorkerThatDiesBeforeAcknowledgingHasItsEventsRedeliveredInOrder() {
        ClientRoute x = new ClientRoute("x");
        Handover handover = xSentTwoEventsToADrainingWorker(x, 1);
        Recorder b = handover.other();
        dispatch(x, message("m3"));

        router.detach(handover.draining().lane);

        assertEquals(List.of(1L, 2L, 3L), b.seqs("x"));
        assertEquals(List.of(true, false, false), b.redelivered("x"));
        assertEquals(3, router.pendingEvents(), "all three in flight on b, nothing else left");
    }

    @Test
    void whileWorkersDrainOneAfterAnotherNoEventIsRedeliveredAndEachClientsEventsArriveInOrder() throws Exception {
        Recorders workers = new Recorders();
        List<WorkerLane> lanes = workers.lanes;
        int clients = 6;
        int events = 300;
        dispatchConcurrently(clients, events, () -> {
            for (int round = 1; round <= 15; round++) {
                lanes.add(workers.attach("w" + round));
                WorkerLane leaving = lanes.remove(0);
                router.drain(leaving);
                // The leaving worker finishes what it holds, the others keep working; then it leaves.
                while (leaving.load() > 0) {
                    for (WorkerLane lane : List.of(leaving, lanes.get(0))) {
                        router.ack(lane, workers.sentTo(lane));
                    }
                }
                router.detach(leaving);
            }
        });
        WorkerLane last = lanes.get(0);
        for (int round = 0; router.pendingEvents() > 0 && round < events * clients; round++) {
            router.ack(last, workers.sentTo(last));
        }
        assertEquals(0, router.pendingEvents());

        assertTrue(workers.deliveries.stream().noneMatch(d -> d.event.getRedelivered()), "nothing re-delivered");
        for (int c = 0; c < clients; c++) {
            String client = "c" + c;
            List<Long> seqs = workers.deliveries.stream().filter(d -> d.event.getClientId().equals(client))
                    .map(d -> d.event.getSeq()).toList();
            assertEquals(LongStream.rangeClosed(1, events).boxed().toList(), seqs, client + ", across workers");
        }
    }

    @Test
    void underConcurrentStreamChurnEveryClientSeesEveryEventInOrderPerWorker() throws Exception {
        Recorders workers = new Recorders();
        List<WorkerLane> lanes = workers.lanes;
        int clients = 6;
        int events = 400;
        dispatchConcurrently(clients, events, () -> {
            for (int round = 1; round <= 20; round++) {
                lanes.add(workers.attach("w" + round));
                WorkerLane victim = lanes.remove(0);
                for (WorkerLane lane : lanes) {
                    router.ack(lane, workers.sentTo(lane));
                }
                router.detach(victim);
            }
        });
        // Let the surviving worker take everything still waiting.
        WorkerLane last = lanes.get(0);
        for (int round = 0; last.load() > 0 && round < events * clients; round++) {
            router.ack(last, workers.sentTo(last));
        }
        assertEquals(0, last.load());

        for (int c = 0; c < clients; c++) {
            String client = "c" + c;
            List<Delivery> mine = workers.deliveries.stream().filter(d -> d.event.getClientId().equals(client)).toList();
            assertEquals(events, mine.stream().mapToLong(d -> d.event.getSeq()).distinct().count(), client);
            for (String worker : mine.stream().map(Delivery::worker).distinct().toList()) {
                List<Long> seqs = mine.stream().filter(d -> d.worker.equals(worker)).map(d -> d.event.getSeq()).toList();
                for (int i = 1; i < seqs.size(); i++) {
                    assertEquals(seqs.get(i - 1) + 1, seqs.get(i), client + " on " + worker + ": " + seqs);
                }
            }
            assertTrue(mine.get(mine.size() - 1).event.hasClose(), client + " ends with its close");
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Delivery(String worker, ClientEvent event) {
    }

    /** Worker a, draining, and worker b, which takes a's clients. */
    private record Handover(Recorder draining, Recorder other) {
    }

    /** {@code x} sends connect and m2 to worker a (window {@code window}); then b attaches and a drains. */
    private Handover xSentTwoEventsToADrainingWorker(ClientRoute x, int window) {
        Recorder a = attach("a", window);
        dispatch(x, connect());
        dispatch(x, message("m2"));
        Recorder b = attach("b", 10);
        router.drain(a.lane);
        return new Handover(a, b);
    }

    /**
     * For the concurrency tests: a router that pauses nobody, with workers (window 8) recording what
     * they get in one list; w0 is attached.
     */
    private final class Recorders {

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final List<WorkerLane> lanes = new CopyOnWriteArrayList<>();

        Recorders() {
            router = new WorkerRouter(1_000_000, new GatewayMetrics(new SimpleMeterRegistry()));
            lanes.add(attach("w0"));
        }

        WorkerLane attach(String workerId) {
            return router.attach(workerId, 8, e -> deliveries.add(new Delivery(workerId, e)));
        }

        /** Everything sent to {@code lane}'s worker (acking an id twice is harmless). */
        List<Long> sentTo(WorkerLane lane) {
            return acked(deliveries, lane.workerId());
        }
    }

    /**
     * Clients c0, c1, ... each dispatch a whole life (connect, messages, close: {@code events} events)
     * on their own thread while {@code topology} changes the workers on another.
     */
    private void dispatchConcurrently(int clients, int events, Runnable topology) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ClientRoute route = new ClientRoute("c" + c);
            threads.add(new Thread(() -> {
                dispatch(route, connect());
                for (int i = 2; i < events; i++) {
                    dispatch(route, message("m" + i));
                }
                dispatch(route, close());
            }));
        }
        threads.add(new Thread(topology));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    /** Acks the {@code index}-th event the worker got. */
    private void ack(Recorder worker, int index) {
        router.ack(worker.lane, List.of(worker.events.get(index).getEventId()));
    }

    /** Records what the router asks of a client's reading. */
    private static final class Throttle implements ReadThrottle {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void pauseReading() {
            calls.add("pause");
        }

        @Override
        public void resumeReading() {
            calls.add("resume");
        }
    }

    private static List<Long> acked(List<Delivery> deliveries, String worker) {
        return deliveries.stream().filter(d -> d.worker.equals(worker)).map(d -> d.event.getEventId()).toList();
    }

    private Recorder attach(String workerId, int window) {
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        return new Recorder(router.attach(workerId, window, events::add), events);
    }

    private Dispatch dispatch(ClientRoute route, ClientEvent.Builder event) {
        return router.dispatch(route, event.setClientId(route.clientId()));
    }

    private static ClientEvent.Builder connect() {
        return ClientEvent.newBuilder().setConnect(Connected.getDefaultInstance());
    }

    private static ClientEvent.Builder message(String text) {
        return ClientEvent.newBuilder().setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(text)));
    }

    private static ClientEvent.Builder close() {
        return ClientEvent.newBuilder().setClose(Closed.newBuilder().setCode(1000).setReason("client closed"));
    }

    private record Recorder(WorkerLane lane, List<ClientEvent> events) {

        List<Long> seqs(String clientId) {
            return events.stream().filter(e -> e.getClientId().equals(clientId)).map(ClientEvent::getSeq).toList();
        }

        List<Boolean> redelivered(String clientId) {
            return events.stream().filter(e -> e.getClientId().equals(clientId)).map(ClientEvent::getRedelivered)
                    .toList();
        }

        List<String> texts(String clientId) {
            return events.stream().filter(e -> e.getClientId().equals(clientId) && e.hasMessage())
                    .map(e -> e.getMessage().getData().toStringUtf8()).toList();
        }
    }
}
