package io.gatewayworker.gateway.transport;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The bytes one connection has accepted for sending but not yet written to its socket, against a
 * limit ({@code gateway.send-buffer-size}). Counting starts when a send is accepted, on any thread,
 * so messages still waiting for the event loop count too: a client that stops reading cannot make
 * the gateway's memory grow past the limit plus one message. Thread-safe.
 * <p>
 * The superclass of {@link ClientConnectionBase} rather than an object it holds: its two fields sit
 * in the connection itself, one object (~32 B) less for each of tens of thousands of clients.
 */
abstract class OutboundBudget {

    // A field updater rather than an AtomicLong: no extra object per connection.
    private static final AtomicLongFieldUpdater<OutboundBudget> PENDING =
            AtomicLongFieldUpdater.newUpdater(OutboundBudget.class, "pending");

    private final int limit;
    private volatile long pending;

    OutboundBudget(int limit) {
        this.limit = limit;
    }

    /**
     * Reserves room for {@code bytes}; false when that would pass the limit. A message alone is
     * always accepted, however large, so one big send cannot make an idle client look slow.
     */
    final boolean tryReserve(int bytes) {
        while (true) {
            long now = pending;
            if (now > 0 && now + bytes > limit) {
                return false;
            }
            if (PENDING.compareAndSet(this, now, now + bytes)) {
                return true;
            }
        }
    }

    /** Returns the room of a message written (or dropped); returns the bytes still pending. */
    final long release(int bytes) {
        return PENDING.addAndGet(this, -bytes);
    }

    /** Bytes accepted and not yet written. */
    final long pending() {
        return pending;
    }
}
