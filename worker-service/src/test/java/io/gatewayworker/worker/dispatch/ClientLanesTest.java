package io.gatewayworker.worker.dispatch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;

class ClientLanesTest {

    /** Runs nothing by itself: the test runs what was queued, and can stop accepting work. */
    private static final class ManualPool implements Executor {
        final ArrayDeque<Runnable> queued = new ArrayDeque<>();
        boolean shutDown;

        @Override
        public void execute(Runnable command) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            queued.add(command);
        }
    }

    @Test
    void aLaneRunsItsTasksInOrderOnePerTurn() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> ran.add("a1"));
        lanes.submit("a", () -> ran.add("a2"));
        lanes.submit("b", () -> ran.add("b1"));
        while (!pool.queued.isEmpty()) {
            pool.queued.poll().run();
        }

        assertEquals(List.of("a1", "b1", "a2"), ran, "a's second task waits behind b's turn");
        assertEquals(0, lanes.size());
    }

    @Test
    void whenThePoolStopsTakingWorkALaneWithMoreTasksIsDroppedQuietly() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool);
        List<String> ran = new ArrayList<>();
        lanes.submit("a", () -> ran.add("a1"));
        lanes.submit("a", () -> ran.add("a2"));

        pool.shutDown = true;
        Runnable lane = pool.queued.poll();

        assertDoesNotThrow(lane::run);
        assertEquals(List.of("a1"), ran);
        assertEquals(0, lanes.size(), "the lane is gone; its event is left for the gateway to re-deliver");
    }

    @Test
    void aTaskForHereOnAnIdleLaneRunsOnTheCallingThreadBeforeSubmitReturns() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool, 8);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> ran.add("a1 on " + Thread.currentThread().getName()), true);

        assertEquals(List.of("a1 on " + Thread.currentThread().getName()), ran);
        assertTrue(pool.queued.isEmpty(), "nothing went through the pool");
        assertEquals(0, lanes.size());
    }

    @Test
    void aTaskForHereOnABusyLaneWaitsBehindItsTasksOnThePool() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool, 8);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> ran.add("a1"));
        lanes.submit("a", () -> ran.add("a2"), true);

        assertEquals(List.of(), ran, "a2 must not overtake a1, which waits for the pool");
        pool.queued.poll().run();
        assertEquals(List.of("a1", "a2"), ran);
        assertEquals(0, lanes.size());
    }

    @Test
    void whatALaneQueuedDuringATaskRunHereGoesToThePool() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool, 8);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> {
            ran.add("a1");
            lanes.submit("a", () -> ran.add("a2")); // e.g. a lost gateway's onClose, from another thread
        }, true);

        assertEquals(List.of("a1"), ran, "the calling thread runs its own task only");
        assertEquals(1, pool.queued.size());
        pool.queued.poll().run();
        assertEquals(List.of("a1", "a2"), ran);
        assertEquals(0, lanes.size());
    }

    @Test
    void aLaneRunsTheTasksAlreadyQueuedInOneTurnUpToItsLimit() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool, 2);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> ran.add("a1"));
        lanes.submit("a", () -> ran.add("a2"));
        lanes.submit("a", () -> ran.add("a3"));
        lanes.submit("b", () -> ran.add("b1"));
        pool.queued.poll().run();

        assertEquals(List.of("a1", "a2"), ran, "a's queued second task runs in the same turn");
        assertEquals(2, pool.queued.size(), "a goes back to the pool, behind b, for its third task");
        while (!pool.queued.isEmpty()) {
            pool.queued.poll().run();
        }
        assertEquals(List.of("a1", "a2", "b1", "a3"), ran);
        assertEquals(0, lanes.size());
    }

    @Test
    void aTaskSubmittedWhileTheLaneRunsJoinsItsTurn() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool, 8);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> {
            ran.add("a1");
            lanes.submit("a", () -> ran.add("a2"));
        });
        pool.queued.poll().run();

        assertEquals(List.of("a1", "a2"), ran);
        assertTrue(pool.queued.isEmpty(), "nothing went through the pool a second time");
        assertEquals(0, lanes.size());
    }

    @Test
    void aTaskThatThrowsEndsTheTurnAndTheLaneKeepsItsOtherTasks() {
        ManualPool pool = new ManualPool();
        ClientLanes lanes = new ClientLanes(pool, 8);
        List<String> ran = new ArrayList<>();

        lanes.submit("a", () -> {
            throw new IllegalStateException("boom");
        });
        lanes.submit("a", () -> ran.add("a2"));
        Runnable lane = pool.queued.poll();

        assertThrows(IllegalStateException.class, lane::run);
        assertEquals(List.of(), ran);
        pool.queued.poll().run();
        assertEquals(List.of("a2"), ran, "the lane went back to the pool for the task behind the failed one");
        assertEquals(0, lanes.size());
    }
}
