package io.gatewayworker.bench.run;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

/** Options every load scenario shares: the target, how long, how many event loops, where to write. */
public final class LoadOptions {

    @Option(names = "--url", split = ",", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "WebSocket endpoint(s) speaking the chat protocol, comma-separated: connection i "
                    + "goes to the (i mod count)-th, e.g. both gateways of a cluster (default: ${DEFAULT-VALUE}).")
    public List<URI> urls;

    @Option(names = {"-d", "--duration"}, defaultValue = "10",
            description = "Seconds of measured load (default: ${DEFAULT-VALUE}).")
    public double durationSeconds;

    @Option(names = "--warmup", defaultValue = "2",
            description = "Seconds of load before measuring, for the JIT and the server to settle (default: ${DEFAULT-VALUE}).")
    public double warmupSeconds;

    @Option(names = "--event-loops", defaultValue = "2",
            description = "Client event loops; thousands of connections share them (default: ${DEFAULT-VALUE}).")
    public int eventLoops;

    @Option(names = "--source-addresses", defaultValue = "1",
            description = "Loopback source addresses (127.0.0.1, .2, …) to spread connections over, for more "
                    + "connections than one address has ephemeral ports; 1 = the system's choice (default: ${DEFAULT-VALUE}).")
    public int sourceAddresses;

    @Option(names = "--connect-concurrency", defaultValue = "64",
            description = "Connections opened (and logged in) at once (default: ${DEFAULT-VALUE}).")
    public int connectConcurrency;

    @Option(names = "--drain", defaultValue = "2",
            description = "Seconds to wait for replies still in flight when sending stops (default: ${DEFAULT-VALUE}).")
    public double drainSeconds;

    @Option(names = "--payload", defaultValue = "16",
            description = "Padding characters per message sent (default: ${DEFAULT-VALUE}).")
    public int payload;

    @Option(names = "--out", description = "Write the result as JSON to this file.")
    public Path out;

    @Option(names = "--quiet", description = "No progress line every second.")
    public boolean quiet;
}
