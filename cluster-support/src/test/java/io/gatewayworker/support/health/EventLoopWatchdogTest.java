package io.gatewayworker.support.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Against a real Vert.x: a really blocked event loop is reported, and recovers once released. */
class EventLoopWatchdogTest {

    private static final Duration THRESHOLD = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));
    private EventLoopWatchdog watchdog;

    @AfterEach
    void stop() {
        if (watchdog != null) {
            watchdog.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void idleEventLoopsStayLiveOverManyThresholds() {
        watchdog = EventLoopWatchdog.start(vertx, THRESHOLD);

        await().during(THRESHOLD.multipliedBy(4)).atMost(DEADLINE).until(() -> watchdog.check().live());
        EventLoopWatchdog.Report report = watchdog.check();
        assertEquals(3, report.eventLoops());
        assertTrue(report.summary().startsWith("3 event loops responsive"), report::summary);
    }

    @Test
    void aBlockedEventLoopIsStalledUntilItIsReleased() throws Exception {
        watchdog = EventLoopWatchdog.start(vertx, THRESHOLD);
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<String> blocked = new CompletableFuture<>();
        vertx.nettyEventLoopGroup().next().execute(() -> {
            blocked.complete(Thread.currentThread().getName());
            release.join();
        });
        String thread = blocked.get(10, TimeUnit.SECONDS);

        try {
            await().atMost(DEADLINE).until(() -> !watchdog.check().live());
            EventLoopWatchdog.Report stalled = watchdog.check();
            assertEquals(1, stalled.stalls().size(), stalled::summary);
            assertEquals(thread, stalled.stalls().get(0).thread());
            assertTrue(stalled.stalls().get(0).silentMs() > THRESHOLD.toMillis());
            assertTrue(stalled.summary().contains("1 of 3 event loops stalled longer than 500 ms: " + thread),
                    stalled::summary);
        } finally {
            release.complete(null);
        }
        await().atMost(DEADLINE).until(() -> watchdog.check().live());
    }

    @Test
    void aThresholdMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> EventLoopWatchdog.start(vertx, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> EventLoopWatchdog.start(vertx, Duration.ofSeconds(-1)));
    }
}
