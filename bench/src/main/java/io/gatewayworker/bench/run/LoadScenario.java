package io.gatewayworker.bench.run;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.gatewayworker.bench.client.ChatFrames;
import io.gatewayworker.bench.client.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Mixin;

/**
 * The shape of every load scenario: open and log in the connections, measure while sending for the
 * duration, wait for what is still in flight, then print the summary and write the JSON result.
 * Exit code 0 when nothing failed or went missing, 1 when something did, 2 when set-up failed.
 */
public abstract class LoadScenario implements Callable<Integer> {

    @Mixin
    protected LoadOptions options;

    /** {@link LoadOptions#payload} characters, to pad every message sent. */
    protected String padding;

    /** The scenario's name in the output. */
    protected abstract String name();

    /** The scenario's own options, for the result (the shared ones are added). */
    protected abstract Map<String, Object> parameters();

    /** Opens and logs in the connections; completes when all are ready. */
    protected abstract Future<?> setUp(LoadClient client, Measurement measurement);

    /** Starts the senders; they stop by themselves once {@link Measurement#sending()} is false. */
    protected abstract void startSending(LoadClient client, Measurement measurement);

    /** How many receipts the sends so far are due to produce. */
    protected abstract long expected(Measurement measurement);

    /** What a send and a receipt are called in the summary. */
    protected abstract String[] countNames();

    @Override
    public Integer call() throws Exception {
        padding = ChatFrames.padding(options.payload);
        Measurement measurement = new Measurement(name(), options.quiet ? null : System.out);
        try (LoadClient client = new LoadClient(options.urls, options.eventLoops, options.sourceAddresses)) {
            try {
                setUp(client, measurement).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                System.err.println(name() + ": set-up failed: "
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
                return 2;
            } catch (TimeoutException e) {
                System.err.println(name() + ": set-up did not finish within 120 s");
                return 2;
            }
            measurement.startSending(options.warmupSeconds, options.durationSeconds);
            startSending(client, measurement);
            sleepUntil(measurement.measuredFrom()); // the phases pass on the main thread
            measurement.startMeasuring();
            sleepUntil(measurement.measuredUntil());
            measurement.stopSending();
            measurement.drain(expected(measurement), options.drainSeconds);
            RunResult result = measurement.finish(options.urls.stream().map(URI::toString).collect(Collectors.joining(",")), allParameters(), expected(measurement));
            addResults(result.json());
            result.printSummary(System.out, countNames()[0], countNames()[1]);
            if (options.out != null) {
                result.write(options.out);
            }
            return result.errors() == 0 && result.json().getLong("missing") == 0 ? 0 : 1;
        }
    }

    private static void sleepUntil(long benchNanos) throws InterruptedException {
        for (long left = benchNanos - BenchClock.nanos(); left > 0; left = benchNanos - BenchClock.nanos()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** {@code count} under its name, then the pacing: the rate when there is one, else the window. */
    protected static Map<String, Object> pacedParameters(String countName, int count, double rate, int window) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(countName, count);
        if (rate > 0) {
            parameters.put("rate", rate);
        } else {
            parameters.put("window", window);
        }
        return parameters;
    }

    /** Adds the scenario's own figures to the result before it is printed and written. */
    protected void addResults(JsonObject result) {
    }

    private Map<String, Object> allParameters() {
        Map<String, Object> all = new LinkedHashMap<>(parameters());
        all.put("payload", options.payload);
        all.put("warmup_s", options.warmupSeconds);
        all.put("event_loops", options.eventLoops);
        return all;
    }
}
