package io.gatewayworker.bench.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.gatewayworker.bench.client.ChatConnection;
import io.gatewayworker.bench.client.LoadClient;
import io.gatewayworker.bench.run.BenchClock;
import io.gatewayworker.bench.run.LoadScenario;
import io.gatewayworker.bench.run.Measurement;
import io.gatewayworker.bench.run.RunResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connect}: opens N connections (each ready once welcomed; no login), holds them idle for the
 * duration, and reports the connect rate, the connect-to-welcome time, and — given the server's
 * {@code --pid} on this machine — its memory per connection: live heap after a full GC (read with
 * {@code jcmd}) and RSS, each as (with N connections − with none) / N. The "with N" reading is taken
 * at the end of the hold, so that the server has settled. Errors are connections lost.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Opens and holds N idle connections; reports connect rate and the server's heap and RSS per connection.")
public final class ConnectCommand extends LoadScenario {

    @Option(names = {"-n", "--connections"}, defaultValue = "1000", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--pid", description = "The server's process id on this machine: its RSS is read from /proc, "
            + "its live heap after a full GC with jcmd (GC.class_histogram), before connecting and at the end of the hold.")
    Long pid;

    @Option(names = "--histograms", description = "With --pid: write the server's class histograms, before and "
            + "connected, next to the JSON result (x.json: x.histo-before.txt, x.histo-connected.txt), to see what "
            + "a connection retains.")
    boolean histograms;

    @Option(names = "--connect-warmup", defaultValue = "0", description = "Seconds of opening and closing "
            + "connections, --connect-concurrency at a time, before the measured ones: the client's and the server's "
            + "connect paths are compiled by then, and the server's 'before' memory reading comes after (default: "
            + "${DEFAULT-VALUE}).")
    double connectWarmupSeconds;

    private final Histogram connectMicros = new ConcurrentHistogram(3);
    private long warmUpConnections;
    private ServerMemory memory;
    private ServerMemory.Sample before;
    private double connectSeconds;

    @Override
    protected String name() {
        return "connect";
    }

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("connections", connections);
        parameters.put("source_addresses", options.sourceAddresses);
        return parameters;
    }

    @Override
    protected Future<?> setUp(LoadClient client, Measurement measurement) {
        ChatConnection.Listener idle = ChatConnection.Listener.of((connection, text) -> { }, measurement::error);
        try {
            warmUp(client, idle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Future.failedFuture(e);
        } catch (ExecutionException e) {
            return Future.failedFuture(e.getCause());
        } catch (TimeoutException e) {
            return Future.failedFuture("a warm-up round did not open or close within 60 s");
        }
        if (pid != null) {
            memory = new ServerMemory(pid);
            before = memory.sample();
        }
        long start = BenchClock.nanos();
        return client.openAll(connections, options.connectConcurrency, i -> {
            long opening = BenchClock.nanos();
            return client.open(i, null, null, idle)
                    .onSuccess(opened -> connectMicros.recordValue((BenchClock.nanos() - opening) / 1000));
        }).map(all -> {
            connectSeconds = (BenchClock.nanos() - start) / 1e9;
            return all;
        });
    }

    /**
     * Rounds of connections opened, then closed, until the warm-up time has passed (on the main thread,
     * which waits for each round). A connection that fails to open fails the run, and one lost while
     * open counts as an error, as a measured one would.
     */
    private void warmUp(LoadClient client, ChatConnection.Listener idle)
            throws InterruptedException, ExecutionException, TimeoutException {
        int concurrency = Math.max(1, options.connectConcurrency);
        long deadline = BenchClock.nanos() + (long) (connectWarmupSeconds * 1e9);
        while (BenchClock.nanos() < deadline) {
            List<ChatConnection> round = client
                    .openAll(concurrency * 8, concurrency, i -> client.open(i, null, null, idle))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Future.all(round.stream().map(ChatConnection::close).toList())
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            warmUpConnections += round.size();
        }
    }

    @Override
    protected void startSending(LoadClient client, Measurement measurement) {
        // nothing to send: the connections are held while the duration passes
    }

    @Override
    protected long expected(Measurement measurement) {
        return 0;
    }

    @Override
    protected String[] countNames() {
        return new String[] {"sent", "received"};
    }

    @Override
    protected void addResults(JsonObject result) {
        JsonObject figures = new JsonObject()
                .put("warmup_connections", warmUpConnections)
                .put("connected", connectMicros.getTotalCount())
                .put("connect_s", Math.round(connectSeconds * 1000) / 1000.0)
                .put("connect_rate_per_s", Math.round(connectMicros.getTotalCount() / connectSeconds))
                .put("connect_ms", Measurement.latency(connectMicros));
        if (memory != null) {
            ServerMemory.Sample connected = memory.sample(); // still connected: the client closes after this
            long held = Math.max(1, connectMicros.getTotalCount());
            perConnection(figures, "server_heap", before.heapBytes(), connected.heapBytes(), held);
            if (before.heapObjects() >= 0 && connected.heapObjects() >= 0) {
                figures.put("server_heap_objects_per_connection",
                        Math.round((connected.heapObjects() - before.heapObjects()) * 10.0 / held) / 10.0);
            }
            perConnection(figures, "server_rss", before.rssBytes(), connected.rssBytes(), held);
            if (histograms && options.out != null) {
                writeHistogram("before", before);
                writeHistogram("connected", connected);
            }
        }
        result.put("figures", figures);
    }

    /** {@code <name>_before_bytes}, {@code _connected_bytes} and {@code _per_connection_bytes}, when both were read. */
    private static void perConnection(JsonObject figures, String name, long before, long connected, long held) {
        if (before >= 0 && connected >= 0) {
            figures.put(name + "_before_bytes", before).put(name + "_connected_bytes", connected)
                    .put(name + "_per_connection_bytes", (connected - before) / held);
        }
    }

    private void writeHistogram(String label, ServerMemory.Sample sample) {
        if (sample.histogram() == null) {
            return;
        }
        Path file = RunResult.beside(options.out, ".histo-" + label + ".txt");
        try {
            Files.writeString(file, sample.histogram());
        } catch (IOException e) {
            System.err.println("connect: cannot write " + file + ": " + e);
        }
    }
}
