package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.node.IntNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures a well-behaved client's round trip: numbered echoes, one at a time, each timed from its send
 * to its echo. Numbers never repeat, so every echo is matched to its own request.
 */
public final class EchoProbe {

    private final ChatClient client;
    private int next;

    public EchoProbe(ChatClient client) {
        this.client = client;
    }

    /** {@code count} echoes in a row; their round trips in milliseconds. */
    public List<Double> measure(int count) {
        List<Double> rtts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rtts.add(once());
        }
        return rtts;
    }

    /** Echoes one after the other, on another thread, until {@link Running#stop()}. */
    public Running start() {
        AtomicBoolean stopped = new AtomicBoolean();
        List<Double> rtts = new ArrayList<>();
        CompletableFuture<List<Double>> done = CompletableFuture.supplyAsync(() -> {
            while (!stopped.get()) {
                rtts.add(once());
            }
            return rtts;
        });
        return new Running(stopped, done);
    }

    /** The {@code q} quantile (0..1) of {@code rtts}: the value at or below which that share of them lie. */
    public static double quantile(List<Double> rtts, double q) {
        List<Double> sorted = rtts.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private double once() {
        int n = ++next;
        long sent = System.nanoTime();
        client.send(ChatProtocol.echo(IntNode.valueOf(n)));
        client.await("the echo of " + n, ChatProtocol.echoOf(n));
        return (System.nanoTime() - sent) / 1e6;
    }

    /** Echoes going on in the background. */
    public record Running(AtomicBoolean stopped, CompletableFuture<List<Double>> done) {

        /** Stops after the echo in progress; returns every round trip measured. */
        public List<Double> stop() {
            stopped.set(true);
            return done.orTimeout(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .join();
        }
    }
}
