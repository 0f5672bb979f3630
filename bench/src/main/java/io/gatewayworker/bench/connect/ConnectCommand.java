package io.gatewayworker.bench.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.gatewayworker.bench.client.ChatConnection;
import io.gatewayworker.bench.client.LoadClient;
import io.gatewayworker.bench.run.BenchClock;
import io.gatewayworker.bench.run.LoadScenario;
import io.gatewayworker.bench.run.Measurement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connect}: opens N connections (each ready once welcomed; no login), holds them idle for the
 * duration, and reports the connect rate, the connect-to-welcome time, and — given the server's
 * {@code --pid} on this machine — its resident memory per connection. Errors are connections lost.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Opens and holds N idle connections; reports connect rate and the server's RSS per connection.")
public final class ConnectCommand extends LoadScenario {

    @Option(names = {"-n", "--connections"}, defaultValue = "1000", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--pid", description = "The server's process id, to read its RSS from /proc before and after.")
    Long pid;

    private final Histogram connectMicros = new ConcurrentHistogram(3);
    private long rssBefore = -1;
    private long rssConnected = -1;
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
        rssBefore = rss();
        ChatConnection.Listener idle = ChatConnection.Listener.of((connection, text) -> { }, measurement::error);
        long start = BenchClock.nanos();
        return client.openAll(connections, options.connectConcurrency, i -> {
            long opening = BenchClock.nanos();
            return client.open(i, null, null, idle)
                    .onSuccess(opened -> connectMicros.recordValue((BenchClock.nanos() - opening) / 1000));
        }).map(all -> {
            connectSeconds = (BenchClock.nanos() - start) / 1e9;
            rssConnected = rss();
            return all;
        });
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
                .put("connected", connectMicros.getTotalCount())
                .put("connect_s", Math.round(connectSeconds * 1000) / 1000.0)
                .put("connect_rate_per_s", Math.round(connectMicros.getTotalCount() / connectSeconds))
                .put("connect_ms", Measurement.latency(connectMicros));
        if (rssBefore >= 0 && rssConnected >= 0) {
            figures.put("server_rss_before_bytes", rssBefore).put("server_rss_connected_bytes", rssConnected)
                    .put("server_rss_per_connection_bytes", (rssConnected - rssBefore) / Math.max(1, connections));
        }
        result.put("figures", figures);
    }

    /** The server's resident set size in bytes, or -1 without a readable {@code --pid}. */
    private long rss() {
        if (pid == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("connect: cannot read the RSS of pid " + pid + ": " + e);
        }
        return -1;
    }
}
