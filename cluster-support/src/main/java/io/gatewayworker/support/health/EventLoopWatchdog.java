package io.gatewayworker.support.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.vertx.core.Vertx;

/**
 * Tells whether the process is wedged: every event loop runs a tiny periodic task that stamps the
 * time, and a loop whose stamp is older than the stall threshold is stuck (a handler blocks it, or it
 * spins). That is the one failure a restart fixes, so it is what liveness reports; peers being down
 * never show here. The tasks are scheduled straight on the loops (Netty), outside any Vert.x context.
 * <p>
 * Thread-safe: loops write their stamps, any thread may {@link #check}.
 */
public final class EventLoopWatchdog implements AutoCloseable {

    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Duration threshold;
    private final List<Loop> loops = new ArrayList<>();

    private EventLoopWatchdog(Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the event-loop stall threshold must be positive, is " + threshold);
        }
        this.threshold = threshold;
    }

    /** Starts watching every event loop of {@code vertx}. */
    public static EventLoopWatchdog start(Vertx vertx, Duration stallThreshold) {
        return start(vertx.nettyEventLoopGroup(), stallThreshold);
    }

    /**
     * Starts watching every loop of {@code group}: each stamps every quarter of the threshold (at
     * least every 10 ms, at most every second).
     *
     * @throws IllegalArgumentException when the threshold is not positive
     */
    public static EventLoopWatchdog start(EventExecutorGroup group, Duration stallThreshold) {
        EventLoopWatchdog watchdog = new EventLoopWatchdog(stallThreshold);
        long tick = Math.min(MAX_TICK_NANOS, Math.max(MIN_TICK_NANOS, stallThreshold.toNanos() / 4));
        for (EventExecutor executor : group) {
            Loop loop = new Loop(System.nanoTime());
            loop.task = executor.scheduleAtFixedRate(loop::stamp, 0, tick, TimeUnit.NANOSECONDS);
            watchdog.loops.add(loop);
        }
        return watchdog;
    }

    /** Each loop's silence now: stalled are those silent longer than the threshold. */
    public Report check() {
        long now = System.nanoTime();
        List<Stall> stalls = new ArrayList<>();
        long longest = 0;
        for (Loop loop : loops) {
            long silent = TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - loop.stampedAt));
            longest = Math.max(longest, silent);
            if (silent > threshold.toMillis()) {
                stalls.add(new Stall(loop.thread, silent));
            }
        }
        return new Report(loops.size(), List.copyOf(stalls), longest, threshold);
    }

    /** Stops the periodic tasks. */
    @Override
    public void close() {
        loops.forEach(loop -> loop.task.cancel(false));
    }

    /**
     * What {@link #check} saw.
     *
     * @param eventLoops      loops watched
     * @param stalls          those silent longer than the threshold
     * @param longestSilentMs the longest silence of any loop, stalled or not
     * @param threshold       the stall threshold
     */
    public record Report(int eventLoops, List<Stall> stalls, long longestSilentMs, Duration threshold) {

        /** No loop stalled: the process makes progress. */
        public boolean live() {
            return stalls.isEmpty();
        }

        /** One line for a health check's data, naming the stalled loops. */
        public String summary() {
            if (stalls.isEmpty()) {
                return eventLoops + " event loops responsive (longest silence " + longestSilentMs + " ms, threshold "
                        + threshold.toMillis() + " ms)";
            }
            return stalls.size() + " of " + eventLoops + " event loops stalled longer than " + threshold.toMillis()
                    + " ms: " + String.join(", ", stalls.stream().map(Stall::toString).toList());
        }
    }

    /** One loop that has not stamped for {@code silentMs}. */
    public record Stall(String thread, long silentMs) {

        @Override
        public String toString() {
            return thread + " silent for " + silentMs + " ms";
        }
    }

    /** One event loop's stamp. */
    private static final class Loop {

        volatile long stampedAt;
        /** The loop's thread name, known from its first stamp on. */
        volatile String thread = "an event loop that never ran its first stamp";
        Future<?> task;

        Loop(long now) {
            stampedAt = now;
        }

        void stamp() {
            if (thread.startsWith("an event loop")) {
                thread = Thread.currentThread().getName();
            }
            stampedAt = System.nanoTime();
        }
    }
}
