package io.gatewayworker.register.membership;

/**
 * Told about every membership event, after the fact, for logs and metrics. Called under the
 * membership's lock: implementations must be quick and must not call back into the membership.
 */
public interface MembershipObserver {

    /** Observes nothing. */
    MembershipObserver NONE = new MembershipObserver() {
    };

    default void joined(Gateway gateway, int leaseSeconds) {
    }

    default void refused(Gateway announced, JoinRefused refusal) {
    }

    default void left(Gateway gateway, LeaveReason reason) {
    }

    default void watcherDropped(Watcher watcher, WatchEnd reason) {
    }
}
