package io.gatewayworker.support.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.5); // no jitter

        List<Long> delays = IntStream.range(0, 7).mapToObj(i -> backoff.nextDelayMillis()).toList();

        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L), delays);
    }

    @Test
    void staysCappedWithoutOverflowAfterManyFailures() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.5);
        assertEquals(100, backoff.nextDelayMillis());
        assertEquals(200, backoff.nextDelayMillis());
        assertEquals(400, backoff.nextDelayMillis());
        assertEquals(800, backoff.nextDelayMillis());
        assertEquals(1000, backoff.nextDelayMillis());
        for (int i = 0; i < 100; i++) {
            assertEquals(1000, backoff.nextDelayMillis(), "stays capped, no overflow after many failures");
        }
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.5);
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();

        backoff.reset();

        assertEquals(200L, backoff.nextDelayMillis());
    }

    @Test
    void jitterStaysWithinTwentyPercentAndNeverExceedsTheMaximum() {
        Backoff low = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(5), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(5), () -> 1.0);

        assertEquals(800L, low.nextDelayMillis());
        assertEquals(1200L, high.nextDelayMillis());
        for (int i = 0; i < 10; i++) {
            assertTrue(high.nextDelayMillis() <= 5000L);
        }
    }

    @Test
    void theDefaultJitterStaysWithinTwentyPercent() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
        assertEquals(80, low.nextDelayMillis());
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999999);
        assertEquals(120, high.nextDelayMillis());
        for (int i = 0; i < 10; i++) {
            assertTrue(high.nextDelayMillis() <= 1000);
        }
        Backoff random = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long first = random.nextDelayMillis();
        assertTrue(first >= 80 && first <= 120, "first delay " + first);
    }

    @Test
    void degenerateSettingsStillGivePositiveDelays() {
        Backoff backoff = new Backoff(Duration.ZERO, Duration.ZERO, () -> 0.0);
        assertEquals(1, backoff.nextDelayMillis());
        assertEquals(1, backoff.nextDelayMillis());
    }
}
