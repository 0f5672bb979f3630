package io.gatewayworker.register.membership;

/** Why the register ends a watch (a watcher that cancels needs no reason). */
public enum WatchEnd {
    /** The watcher did not keep up: more views were waiting than {@code register.watch.buffer-size}. */
    OVERFLOW,
    /** The register is shutting down. */
    SHUTDOWN
}
