package io.gatewayworker.bench.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gatewayworker.bench.client.ChatConnection;
import io.gatewayworker.bench.client.ChatFrames;
import io.gatewayworker.bench.client.LoadClient;
import io.gatewayworker.bench.run.BenchClock;
import io.gatewayworker.bench.run.LoadScenario;
import io.gatewayworker.bench.run.Measurement;
import io.gatewayworker.bench.run.Pacer;
import io.vertx.core.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code echo}: C connections, each logged in to a room of its own (so logins do not fan out), send
 * {@code echo} messages either as fast as a bounded in-flight window allows, or at a fixed total
 * rate with latency taken from each message's intended send time.
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "C connections send echo messages; reports throughput and round-trip latency.")
public final class EchoCommand extends LoadScenario {

    @Option(names = {"-c", "--connections"}, defaultValue = "10", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--window", defaultValue = "1",
            description = "Echoes in flight per connection when no --rate is given (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", defaultValue = "0",
            description = "Total echoes per second over all connections; 0 = as fast as the window allows.")
    double rate;

    private final List<ChatConnection> opened = new ArrayList<>();

    @Override
    protected String name() {
        return "echo";
    }

    @Override
    protected Map<String, Object> parameters() {
        return pacedParameters("connections", connections, rate, window);
    }

    @Override
    protected Future<?> setUp(LoadClient client, Measurement measurement) {
        ChatConnection.Listener listener = ChatConnection.Listener.of((connection, text) -> {
            if ("echo".equals(ChatFrames.type(text))) {
                long now = BenchClock.nanos();
                measurement.received(ChatFrames.echoedNanos(text), now);
                if (rate <= 0 && measurement.sending()) {
                    send(connection, now, measurement);
                }
            }
        }, measurement::error);
        return client.openAll(connections, options.connectConcurrency,
                        i -> client.open(i, "echo-" + i, "echo-" + i, listener))
                .map(all -> opened.addAll(all));
    }

    @Override
    protected void startSending(LoadClient client, Measurement measurement) {
        int lanes = client.lanes().size();
        long start = BenchClock.nanos();
        for (int lane = 0; lane < lanes; lane++) {
            List<ChatConnection> own = new ArrayList<>();
            for (int i = lane; i < opened.size(); i += lanes) {
                own.add(opened.get(i));
            }
            if (rate > 0) {
                double perConnection = rate / connections;
                long interval = new Pacer(perConnection, 0).intervalNanos();
                List<Pacer> pacers = new ArrayList<>();
                for (int i = 0; i < own.size(); i++) { // staggered, so that connections do not send in bursts
                    long index = lane + (long) i * lanes;
                    pacers.add(new Pacer(perConnection, start + interval * index / connections));
                }
                client.tickWhile(client.lanes().get(lane), measurement::sending, () -> sendDue(own, pacers, measurement));
            } else {
                client.lanes().get(lane).runOnContext(v -> own.forEach(connection -> {
                    for (int w = 0; w < window; w++) {
                        send(connection, BenchClock.nanos(), measurement);
                    }
                }));
            }
        }
    }

    private void sendDue(List<ChatConnection> own, List<Pacer> pacers, Measurement measurement) {
        long now = BenchClock.nanos();
        for (int i = 0; i < own.size(); i++) {
            Pacer pacer = pacers.get(i);
            ChatConnection connection = own.get(i);
            boolean queued = false;
            while (pacer.due(now) && connection.writable()) {
                long intended = pacer.take();
                connection.queue(ChatFrames.echo(intended, padding));
                measurement.sent(intended);
                queued = true;
            }
            if (queued) {
                connection.flush();
            }
        }
    }

    private void send(ChatConnection connection, long sentNanos, Measurement measurement) {
        connection.send(ChatFrames.echo(sentNanos, padding));
        measurement.sent(sentNanos);
    }

    @Override
    protected long expected(Measurement measurement) {
        return measurement.sentCount();
    }

    @Override
    protected String[] countNames() {
        return new String[] {"echoes sent", "replies"};
    }
}
