package io.gatewayworker.gateway.discovery;

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
}
