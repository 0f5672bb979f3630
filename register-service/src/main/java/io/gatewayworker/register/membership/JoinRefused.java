package io.gatewayworker.register.membership;

/** A Join the register does not accept; the membership is unchanged. */
public final class JoinRefused extends Exception {

    /** Why; each maps to one gRPC status code. */
    public enum Reason {
        /** Empty gateway id or address (INVALID_ARGUMENT). */
        INVALID,
        /** A live member already has that gateway id (ALREADY_EXISTS). */
        DUPLICATE_ID,
        /** The register holds {@code register.max-gateways} members (RESOURCE_EXHAUSTED). */
        TOO_MANY_GATEWAYS
    }

    private final Reason reason;

    public JoinRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
