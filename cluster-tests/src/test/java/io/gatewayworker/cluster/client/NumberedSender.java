package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Load with a ledger: a client sends {@code message(n)} for n = 1, 2, ... every {@code period}, until
 * stopped or until its connection is closed; {@link #sent()} is how many went out. What came back
 * is in the client's inbox ({@link ChatProtocol#echoedNumbers} for echoes).
 */
public final class NumberedSender {

    private final ChatClient client;
    private final IntFunction<JsonNode> message;
    private final ScheduledFuture<?> task;
    private int sent;
    private boolean stopped;

    private NumberedSender(ChatClient client, IntFunction<JsonNode> message, ScheduledExecutorService scheduler,
            Duration period) {
        this.client = client;
        this.message = message;
        this.task = scheduler.scheduleAtFixedRate(this::sendNext, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sending {@code message(n)} on {@code scheduler}. */
    public static NumberedSender start(ChatClient client, IntFunction<JsonNode> message,
            ScheduledExecutorService scheduler, Duration period) {
        return new NumberedSender(client, message, scheduler, period);
    }

    /** Starts sending {@code {"type":"echo","data":n}}. */
    public static NumberedSender echoes(ChatClient client, ScheduledExecutorService scheduler, Duration period) {
        return start(client, n -> ChatProtocol.echo(IntNode.valueOf(n)), scheduler, period);
    }

    public ChatClient client() {
        return client;
    }

    /** How many went out so far: 1 to {@code sent()}. */
    public synchronized int sent() {
        return sent;
    }

    /** Nothing goes out after this returns; returns how many did. */
    public synchronized int stop() {
        stopped = true;
        task.cancel(false);
        return sent;
    }

    private synchronized void sendNext() {
        if (stopped || client.inbox().isClosed()) {
            throw new CancellationException("stopped"); // ends the schedule
        }
        try {
            client.send(message.apply(sent + 1));
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
