package io.gatewayworker.register.membership;

import java.util.function.Consumer;

/**
 * The handle of one accepted Join: identifies <em>this</em> membership of a gateway, so a late
 * leave from an old stream can never remove a newer membership of the same id. Its mutable state
 * is guarded by the owning {@link Membership}.
 */
public final class Member {

    private final int leaseSeconds;
    private final Consumer<LeaveReason> ended;
    private Gateway gateway;
    private long expiresAtMs;

    Member(Gateway gateway, int leaseSeconds, long nowMs, Consumer<LeaveReason> ended) {
        this.gateway = gateway;
        this.leaseSeconds = leaseSeconds;
        this.ended = ended;
        this.expiresAtMs = nowMs + leaseSeconds * 1000L;
    }

    /** The lease granted: the gateway renews at least every third of it. */
    public int leaseSeconds() {
        return leaseSeconds;
    }

    /** The gateway id this membership is for. */
    public String gatewayId() {
        return gateway.id();
    }

    Gateway gateway() {
        return gateway;
    }

    void gateway(Gateway updated) {
        gateway = updated;
    }

    long expiresAtMs() {
        return expiresAtMs;
    }

    long renew(long nowMs) {
        expiresAtMs = nowMs + leaseSeconds * 1000L;
        return expiresAtMs;
    }

    boolean expired(long nowMs) {
        return nowMs > expiresAtMs;
    }

    /** Tells the stream owning this membership that the register ended it (lease, shutdown). */
    void end(LeaveReason reason) {
        ended.accept(reason);
    }
}
