package io.gatewayworker.register.membership;

/**
 * Every reason a gateway stops being a member, named once: logged, and counted in
 * {@code gw_register_leaves_total{reason=...}} by {@link #tag()}.
 */
public enum LeaveReason {
    /** The gateway closed its Join stream (half-close): an orderly leave. */
    CLOSED_BY_GATEWAY("closed", "the gateway closed its join stream"),
    /** The stream broke or was cancelled (gateway stopped, network failure). */
    STREAM_BROKEN("broken", "the join stream was cancelled or broke"),
    /** No renewal within the granted lease. */
    LEASE_EXPIRED("lease_expired", "no lease renewal in time"),
    /** The gateway sent something the contract does not allow after its announce. */
    PROTOCOL_ERROR("protocol_error", "the gateway broke the join protocol"),
    /** The register is stopping; watchers are not told (their views outlive the register). */
    SHUTDOWN("shutdown", "the register is shutting down");

    private final String tag;
    private final String description;

    LeaveReason(String tag, String description) {
        this.tag = tag;
        this.description = description;
    }

    /** Metric tag value. */
    public String tag() {
        return tag;
    }

    /** For logs and status descriptions. */
    public String description() {
        return description;
    }
}
