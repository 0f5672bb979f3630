package io.gatewayworker.support.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff between reconnection attempts: doubles from {@code initial} up to
 * {@code max}, each delay jittered by up to ±20% so services restarted together do not retry in
 * step. Not thread-safe; one per reconnecting link (a register join or watch, a gateway stream).
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With the source of jitter given: {@code random} returns values in [0, 1), 0.5 meaning none. */
    public Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt, longer after each failure. */
    public long nextDelayMillis() {
        long base = initialMillis << Math.min(failures, 30);
        failures++;
        long capped = Math.min(maxMillis, base);
        long jittered = Math.round(capped * (0.8 + 0.4 * random.getAsDouble()));
        return Math.max(1, Math.min(maxMillis, jittered));
    }

    /** An attempt succeeded: start again from {@code initial}. */
    public void reset() {
        failures = 0;
    }
}
