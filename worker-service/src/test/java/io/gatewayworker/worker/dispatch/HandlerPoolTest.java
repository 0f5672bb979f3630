package io.gatewayworker.worker.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlerPoolTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private HandlerPool pool;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private static boolean within(CountDownLatch latch) throws InterruptedException {
        return latch.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void growsPastTheRunningTargetWhileHandlersBlockUpToTheMaximum() throws Exception {
        pool = new HandlerPool("test-", 6, 1, 60, TimeUnit.SECONDS);
        CountDownLatch allRunning = new CountDownLatch(6);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 8; i++) {
            pool.execute(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                allRunning.countDown();
                try {
                    within(release); // a blocking handler: waits on a latch
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
            });
        }

        assertTrue(within(allRunning), "6 blocked handlers should run at once; at most " + most.get() + " did");
        assertEquals(6, pool.threads()); // and no more than the maximum
        release.countDown();
        await().atMost(DEADLINE).until(() -> running.get() == 0 && most.get() == 6 && pool.active() == 0);
    }

    @Test
    void addsAThreadWhenTheBusyOnesMakeNoProgressThoughRunnable() throws Exception {
        // A handler stuck in I/O shows as RUNNABLE; spinning stands in for it.
        pool = new HandlerPool("test-", 2, 1, 60, TimeUnit.SECONDS);
        AtomicBoolean unstuck = new AtomicBoolean();
        CountDownLatch spinnerDone = new CountDownLatch(1);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        pool.execute(() -> {
            while (!unstuck.get() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            spinnerDone.countDown();
        });
        pool.execute(() -> unstuck.set(true));

        assertTrue(within(spinnerDone));
        assertTrue(unstuck.get(), "the second task never ran while the first one spun");
    }

    @Test
    void runsEveryTaskExactlyOnceWhenManyArriveFromSeveralThreads() throws Exception {
        pool = new HandlerPool("test-", 8, 2, 60, TimeUnit.SECONDS);
        int perSubmitter = 50_000;
        int submitters = 3;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(perSubmitter * submitters);
        Thread[] threads = new Thread[submitters];
        for (int t = 0; t < submitters; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < perSubmitter; i++) {
                    pool.execute(() -> {
                        ran.incrementAndGet();
                        all.countDown();
                    });
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(DEADLINE.toMillis());
        }

        assertTrue(within(all), "tasks left unrun: " + all.getCount());
        assertEquals(perSubmitter * submitters, ran.get());
    }

    @Test
    void tasksArrivingOneByOneAfterIdlePeriodsAllRun() throws Exception {
        pool = new HandlerPool("test-", 4, 2, 60, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertTrue(within(ran), "task " + i + " never ran");
        }
    }

    @Test
    void idleThreadsEndAfterTheKeepAliveAndNewTasksStartThemAgain() throws Exception {
        pool = new HandlerPool("test-", 4, 2, 50, TimeUnit.MILLISECONDS);
        CountDownLatch first = new CountDownLatch(1);
        pool.execute(first::countDown);
        assertTrue(within(first));

        await().atMost(DEADLINE).until(() -> pool.threads() == 0);

        CountDownLatch second = new CountDownLatch(1);
        pool.execute(second::countDown);
        assertTrue(within(second));
    }

    @Test
    void shutdownRunsWhatIsQueuedRefusesNewTasksAndTerminates() throws Exception {
        pool = new HandlerPool("test-", 1, 1, 60, TimeUnit.SECONDS);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        pool.execute(() -> {
            started.countDown();
            try {
                within(release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.incrementAndGet();
        });
        assertTrue(within(started));
        pool.execute(ran::incrementAndGet); // queued behind the blocked one (one thread at most)

        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(ran::incrementAndGet));
        release.countDown();

        assertTrue(pool.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(2, ran.get());
        assertTrue(pool.isTerminated());
    }
}
