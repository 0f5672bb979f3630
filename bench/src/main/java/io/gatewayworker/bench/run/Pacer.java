package io.gatewayworker.bench.run;

/**
 * A fixed-rate schedule of intended send times. A sender asks for every send that is due and
 * records latency from the <em>intended</em> time, so a stalled server is charged for the sends it
 * delayed (coordinated-omission correction) rather than the tool quietly sending less.
 */
public final class Pacer {

    private final long intervalNanos;
    private long next;

    /**
     * @param perSecond  sends per second, more than 0
     * @param firstNanos the {@link BenchClock} time of the first send (stagger senders to avoid bursts)
     */
    public Pacer(double perSecond, long firstNanos) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be more than 0: " + perSecond);
        }
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.next = firstNanos;
    }

    /** Whether a send was due at {@code nowNanos}. */
    public boolean due(long nowNanos) {
        return next <= nowNanos;
    }

    /** The intended time of the next send, which the caller now makes. */
    public long take() {
        long intended = next;
        next += intervalNanos;
        return intended;
    }

    public long intervalNanos() {
        return intervalNanos;
    }
}
