package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every message a client received, in arrival order. Awaiting a message never consumes it, so
 * tests may look for the same message twice and inspect what arrived before a marker.
 */
public final class Inbox {

    private final String owner;
    private final List<JsonNode> messages = new ArrayList<>();
    private String closedBecause;

    Inbox(String owner) {
        this.owner = owner;
    }

    synchronized void add(JsonNode message) {
        messages.add(message);
        notifyAll();
    }

    synchronized void closed(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
        notifyAll();
    }

    /** The first message (received so far or within {@code timeout}) that matches; fails with everything received. */
    public synchronized JsonNode await(String what, Predicate<JsonNode> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < messages.size(); checked++) {
                if (matcher.test(messages.get(checked))) {
                    return messages.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(owner + " did not receive " + what + " within " + timeout
                        + (closedBecause == null ? "" : " (connection closed: " + closedBecause + ")")
                        + "; received " + messages);
            }
            waitNanos(left);
        }
    }

    /** Waits until the connection is closed, by either side; returns the reason. */
    public synchronized String awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closedBecause == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(owner + " was not closed within " + timeout);
            }
            waitNanos(left);
        }
        return closedBecause;
    }

    /** The messages that arrived before {@code marker} (a message this inbox returned). */
    public synchronized List<JsonNode> before(JsonNode marker) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) == marker) {
                return List.copyOf(messages.subList(0, i));
            }
        }
        throw new IllegalArgumentException(marker + " is not in " + owner + "'s inbox");
    }

    public synchronized List<JsonNode> all() {
        return List.copyOf(messages);
    }

    public synchronized boolean isClosed() {
        return closedBecause != null;
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(owner + ": interrupted while waiting", e);
        }
    }
}
