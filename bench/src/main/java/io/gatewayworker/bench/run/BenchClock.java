package io.gatewayworker.bench.run;

/**
 * Nanoseconds since this JVM loaded the tool: {@link System#nanoTime()} made non-negative, so that
 * timestamps travel in messages as plain digits. Senders and receivers share one process and clock.
 */
public final class BenchClock {

    private static final long ORIGIN = System.nanoTime() - 1;

    private BenchClock() {
    }

    public static long nanos() {
        return System.nanoTime() - ORIGIN;
    }
}
