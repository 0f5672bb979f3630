package io.gatewayworker.support.security;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval for a repeated event, so a peer hammering a server with bad calls
 * cannot flood its log; the next admitted line reports how many were left out. Counting stays exact
 * elsewhere (the metric). Shared by the secret check and the gateway's log of clients it closes for a
 * limit. Thread-safe.
 */
public final class WarnThrottle {

    /** {@link #admit()}'s answer for an event that is not to be logged. */
    public static final long SUPPRESSED = -1;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean logged;
    private long lastLoggedAt;
    private long suppressed;

    public WarnThrottle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Records one event.
     *
     * @return {@link #SUPPRESSED} when it is not to be logged; otherwise how many events were suppressed
     *         since the last logged one
     */
    public synchronized long admit() {
        long now = nanoClock.getAsLong();
        if (logged && now - lastLoggedAt < intervalNanos) {
            suppressed++;
            return SUPPRESSED;
        }
        logged = true;
        lastLoggedAt = now;
        long left = suppressed;
        suppressed = 0;
        return left;
    }
}
