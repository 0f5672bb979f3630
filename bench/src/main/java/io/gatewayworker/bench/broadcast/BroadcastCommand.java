package io.gatewayworker.bench.broadcast;

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
 * {@code broadcast}: N receivers log in to one room, then one sender {@code say}s to it at a fixed
 * rate. Each {@code say} carries its intended send time in its content, so every receiver records
 * the delivery latency; deliveries per second is the figure to compare.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = "N receivers in one room, one sender saying at a rate; reports deliveries/s and delivery latency.")
public final class BroadcastCommand extends LoadScenario {

    @Option(names = {"-n", "--receivers"}, defaultValue = "100", description = "Receivers in the room (default: ${DEFAULT-VALUE}).")
    int receivers;

    @Option(names = "--rate", defaultValue = "10",
            description = "Says per second; 0 = as fast as the window allows (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--window", defaultValue = "8",
            description = "With --rate 0: says in flight, each acknowledged when the sender (a room member) "
                    + "hears it back; receivers may lag behind that (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--room", defaultValue = "bench-broadcast", description = "The room (default: ${DEFAULT-VALUE}).")
    String room;

    private ChatConnection sender;

    @Override
    protected String name() {
        return "broadcast";
    }

    @Override
    protected Map<String, Object> parameters() {
        return pacedParameters("receivers", receivers, rate, window);
    }

    @Override
    protected Future<?> setUp(LoadClient client, Measurement measurement) {
        ChatConnection.Listener receiver = ChatConnection.Listener.of((connection, text) -> {
            if ("say".equals(ChatFrames.type(text))) {
                measurement.received(ChatFrames.saidNanos(text), BenchClock.nanos());
            }
        }, measurement::error);
        // The sender hears the room's logins and its own says: the latter pace it in window mode.
        ChatConnection.Listener senderListener = ChatConnection.Listener.of((connection, text) -> {
            if (rate <= 0 && measurement.sending() && "say".equals(ChatFrames.type(text))) {
                say(connection, BenchClock.nanos(), measurement);
            }
        }, measurement::error);
        Future<List<ChatConnection>> room = client.openAll(receivers, options.connectConcurrency,
                i -> client.open(i, "r-" + i, this.room, receiver));
        // The sender logs in last, so that the room is complete when it starts.
        return room.compose(all -> client.open(receivers, "sender", this.room, senderListener))
                .map(opened -> sender = opened);
    }

    @Override
    protected void startSending(LoadClient client, Measurement measurement) {
        if (rate <= 0) {
            client.lane(receivers).runOnContext(v -> {
                for (int w = 0; w < window; w++) {
                    say(sender, BenchClock.nanos(), measurement);
                }
            });
            return;
        }
        Pacer pacer = new Pacer(rate, BenchClock.nanos());
        client.tickWhile(client.lane(receivers), measurement::sending, () -> {
            long now = BenchClock.nanos();
            while (pacer.due(now) && sender.writable()) {
                say(sender, pacer.take(), measurement);
            }
        });
    }

    private void say(ChatConnection from, long sentNanos, Measurement measurement) {
        from.send(ChatFrames.say(sentNanos, padding));
        measurement.sent(sentNanos);
    }

    @Override
    protected long expected(Measurement measurement) {
        return measurement.sentCount() * receivers;
    }

    @Override
    protected String[] countNames() {
        return new String[] {"says", "deliveries"};
    }
}
