package io.gatewayworker.bench.run;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What one run counts: sends, receipts with their latency (HdrHistogram, microseconds), errors, and a
 * one-second timeline that also feeds the progress line. Event loops record concurrently; one
 * reporter thread reads.
 */
public final class Measurement {

    private static final int MAX_ERROR_SAMPLES = 20;

    private final String scenario;
    private final PrintStream progress;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Recorder recorder = new Recorder(3);
    private final Recorder warmUp = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final JsonArray timeline = new JsonArray();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorSampleCount = new AtomicInteger();
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean sending;
    private volatile long measuredFrom = Long.MAX_VALUE;
    private volatile long measuredUntil = Long.MAX_VALUE;
    private boolean measuring;
    private Histogram interval;
    private long startNanos;
    private long stopNanos;
    private long receivedWhileSending;
    private long lastTickNanos;
    private long lastSent;
    private long lastReceived;

    /** @param progress where the progress line goes every second, or null for none */
    public Measurement(String scenario, PrintStream progress) {
        this.scenario = scenario;
        this.progress = progress;
    }

    /**
     * Fixes the measured phase, {@code warmupSeconds} from now for {@code durationSeconds}, then lets
     * senders send. Sends stamped inside the phase count, and receipts of those sends only, so that
     * replies to warm-up messages still in flight do not skew the counts, nor sends a sender made
     * after the end because it saw the stop late. Both bounds are published before anything is sent:
     * a bound set when the phase starts or ends could be seen by a send and missed by its receipt.
     */
    public void startSending(double warmupSeconds, double durationSeconds) {
        long from = BenchClock.nanos() + (long) (warmupSeconds * 1e9);
        measuredUntil = from + (long) (durationSeconds * 1e9);
        measuredFrom = from;
        sending = true;
    }

    /** When the measured phase starts, on the {@link BenchClock}. */
    public long measuredFrom() {
        return measuredFrom;
    }

    /** When the measured phase ends, on the {@link BenchClock}. */
    public long measuredUntil() {
        return measuredUntil;
    }

    /**
     * Starts the timeline, once the measured phase has begun: what was recorded since its start goes
     * into the totals and the first second.
     */
    public synchronized void startMeasuring() {
        measuring = true;
        startNanos = measuredFrom;
        lastTickNanos = startNanos;
        reporter.scheduleAtFixedRate(() -> tick(true), 1, 1, TimeUnit.SECONDS);
    }

    /** Whether senders should still send. */
    public boolean sending() {
        return sending;
    }

    /**
     * A send stamped {@code sentNanos} (its intended time at a fixed rate). It counts when stamped in
     * the measured phase: a sender that was late to see the stop may still make sends due after it.
     */
    public void sent(long sentNanos) {
        if (measured(sentNanos)) {
            sent.increment();
        }
    }

    /** A reply or delivery of a send stamped {@code sentNanos}, received at {@code nowNanos}. */
    public void received(long sentNanos, long nowNanos) {
        if (measured(sentNanos)) {
            received.increment();
            recorder.recordValue(Math.max(0, nowNanos - sentNanos) / 1000);
        } else if (sentNanos < measuredFrom) {
            // The warm-up records too, into a histogram nobody reads: else the recording code runs for
            // the first time, not yet compiled, in the first measured second, where a client that falls
            // behind near saturation is charged as server latency (a run without this: p99 40 ms in
            // the first measured second, 4-5 ms in each of the nine after).
            warmUp.recordValue(Math.max(0, nowNanos - sentNanos) / 1000);
        }
    }

    private boolean measured(long sentNanos) {
        return sentNanos >= measuredFrom && sentNanos < measuredUntil;
    }

    public void error(String reason) {
        errors.increment();
        if (errorSampleCount.incrementAndGet() <= MAX_ERROR_SAMPLES) {
            errorSamples.add(reason);
        }
    }

    public long sentCount() {
        return sent.sum();
    }

    public long receivedCount() {
        return received.sum();
    }

    public long errorCount() {
        return errors.sum();
    }

    /** Stops the senders once the measured phase is over; replies still in flight count, but not towards throughput. */
    public synchronized void stopSending() {
        sending = false;
        stopNanos = measuredUntil;
        receivedWhileSending = received.sum();
    }

    /**
     * Waits, off the event loops, until {@code expected} receipts arrived or {@code seconds} passed.
     */
    public void drain(long expected, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (received.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10); // the main thread polls; the event loops never wait
        }
    }

    /** Stops reporting and returns the result; {@code expected} receipts were due. */
    public synchronized RunResult finish(String url, Map<String, Object> parameters, long expected) {
        reporter.shutdownNow();
        tick(false); // the last part-second: into the totals, not onto the progress line
        double seconds = (stopNanos - startNanos) / 1e9;
        JsonObject result = new JsonObject()
                .put("scenario", scenario)
                .put("url", url)
                .put("parameters", new JsonObject(parameters))
                .put("duration_s", round(seconds))
                .put("sent", sent.sum())
                .put("received", received.sum())
                .put("expected", expected)
                .put("missing", Math.max(0, expected - received.sum()))
                .put("errors", errors.sum())
                .put("sent_per_s", round(sent.sum() / seconds))
                .put("throughput_per_s", round(receivedWhileSending / seconds))
                .put("latency_ms", latency(total))
                .put("timeline", timeline)
                .put("error_samples", new JsonArray(errorSamples.stream().map(Object.class::cast).toList()));
        return new RunResult(result);
    }

    private synchronized void tick(boolean print) {
        if (!measuring) {
            return;
        }
        interval = interval == null ? recorder.getIntervalHistogram() : recorder.getIntervalHistogram(interval);
        total.add(interval);
        long now = BenchClock.nanos();
        double seconds = Math.max(1e-9, (now - lastTickNanos) / 1e9);
        long sentNow = sent.sum();
        long receivedNow = received.sum();
        JsonObject point = new JsonObject()
                .put("t_s", round((now - startNanos) / 1e9))
                .put("sent_per_s", round((sentNow - lastSent) / seconds))
                .put("received_per_s", round((receivedNow - lastReceived) / seconds))
                .put("errors", errors.sum())
                .put("latency_ms", latency(interval));
        timeline.add(point);
        lastTickNanos = now;
        lastSent = sentNow;
        lastReceived = receivedNow;
        if (print && progress != null) {
            JsonObject lat = point.getJsonObject("latency_ms");
            progress.printf("[%s %6.1fs] sent %,10.0f/s  received %,10.0f/s  p50 %8.3f  p99 %8.3f  max %8.3f ms  errors %d%n",
                    scenario, point.getDouble("t_s"), point.getDouble("sent_per_s"), point.getDouble("received_per_s"),
                    lat.getDouble("p50"), lat.getDouble("p99"), lat.getDouble("max"), errors.sum());
        }
    }

    /** A histogram of microseconds as the result's milliseconds: count, mean, p50 … p99.9, max. */
    public static JsonObject latency(Histogram micros) {
        return new JsonObject()
                .put("count", micros.getTotalCount())
                .put("mean", round(micros.getMean() / 1000))
                .put("p50", millis(micros, 50))
                .put("p90", millis(micros, 90))
                .put("p99", millis(micros, 99))
                .put("p99_9", millis(micros, 99.9))
                .put("max", round(micros.getMaxValue() / 1000.0));
    }

    private static double millis(Histogram micros, double percentile) {
        return round(micros.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
