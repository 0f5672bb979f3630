package io.gatewayworker.register.membership;

/**
 * The leases the register grants, in whole seconds (the contract's unit). A gateway asks for a
 * lease; it gets {@code defaultSeconds} when it asks for none, otherwise its request clamped to
 * [{@code minSeconds}, {@code maxSeconds}]. The minimum keeps renewals from flooding the register;
 * the maximum bounds how long a silent gateway stays in the view.
 */
public record LeasePolicy(int minSeconds, int maxSeconds, int defaultSeconds) {

    public LeasePolicy {
        if (minSeconds < 1 || maxSeconds < minSeconds || defaultSeconds < minSeconds || defaultSeconds > maxSeconds) {
            throw new IllegalArgumentException("register.lease: need 1s <= min <= default <= max, got min " + minSeconds
                    + "s, default " + defaultSeconds + "s, max " + maxSeconds + "s");
        }
    }

    /** The lease granted for a request of {@code requestedSeconds} (0 or less: no preference). */
    public int grant(int requestedSeconds) {
        if (requestedSeconds <= 0) {
            return defaultSeconds;
        }
        return Math.max(minSeconds, Math.min(maxSeconds, requestedSeconds));
    }
}
