package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Load with a ledger: a client sends {@code {"type":"echo","data":n}} for n = 1, 2, ... at a fixed
 * period until stopped or until its connection is closed, and tells what came back: which numbers,
 * in which order, which twice (a gateway re-delivers what a lost worker did not acknowledge).
 */
public final class NumberedEchoes {

    private final ChatClient client;
    private final ScheduledFuture<?> task;
    private int sent;
    private boolean stopped;

    private NumberedEchoes(ChatClient client, ScheduledExecutorService scheduler, Duration period) {
        this.client = client;
        this.task = scheduler.scheduleAtFixedRate(this::sendNext, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sending on {@code scheduler}, one echo request every {@code period}. */
    public static NumberedEchoes start(ChatClient client, ScheduledExecutorService scheduler, Duration period) {
        return new NumberedEchoes(client, scheduler, period);
    }

    public ChatClient client() {
        return client;
    }

    /** How many requests went out so far: 1 to {@code sent()}. */
    public synchronized int sent() {
        return sent;
    }

    /** No request goes out after this returns; returns how many did. */
    public synchronized int stop() {
        stopped = true;
        task.cancel(false);
        return sent;
    }

    /** Waits for echo {@code n}. */
    public JsonNode await(String why, int n) {
        return client.await("echo " + n + " " + why, echoOf(n));
    }

    /** The numbers echoed back, in arrival order, repeats included. */
    public List<Integer> received() {
        return client.inbox().all().stream().filter(ChatProtocol.type("echo")).map(m -> m.path("data").asInt()).toList();
    }

    /** Each number echoed back, in the order of its first arrival. */
    public List<Integer> firstArrivals() {
        return new ArrayList<>(new LinkedHashSet<>(received()));
    }

    /** How many echoes arrived a second time or more. */
    public int repeats() {
        List<Integer> received = received();
        Set<Integer> distinct = new LinkedHashSet<>(received);
        return received.size() - distinct.size();
    }

    public static Predicate<JsonNode> echoOf(int n) {
        return ChatProtocol.type("echo").and(message -> message.path("data").asInt(-1) == n);
    }

    private synchronized void sendNext() {
        if (stopped || client.inbox().isClosed()) {
            throw new CancellationException("stopped"); // ends the schedule
        }
        try {
            client.send(ChatProtocol.echo(IntNode.valueOf(sent + 1)));
            sent++;
        } catch (RuntimeException | AssertionError closedMeanwhile) {
            throw new CancellationException("the connection refused a send: " + closedMeanwhile);
        }
    }

    @Override
    public String toString() {
        return client.label() + " (" + sent() + " sent)";
    }
}
