package io.gatewayworker.client;

import java.util.Map;

/**
 * A call of {@link GatewayClient} that did not do what was asked, with {@link #reason()} saying why
 * (a wrong secret is {@link Reason#UNAUTHENTICATED}, never a timeout or an empty answer).
 */
public class GatewayClientException extends RuntimeException {

    /** Why a call failed. */
    public enum Reason {
        /** A register or gateway refused the cluster secret (missing or wrong {@code x-gw-secret}). */
        UNAUTHENTICATED,
        /** No register gave a view of the cluster in time, or a gateway did not answer in time. */
        UNAVAILABLE,
        /** A gateway refused a command (invalid argument, a limit). */
        REJECTED
    }

    private final Reason reason;
    private final Map<String, String> failedGateways;

    public GatewayClientException(Reason reason, String message, Map<String, String> failedGateways, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.failedGateways = Map.copyOf(failedGateways);
    }

    public GatewayClientException(Reason reason, String message) {
        this(reason, message, Map.of(), null);
    }

    /** Why the call failed. */
    public Reason reason() {
        return reason;
    }

    /**
     * The gateways (id → why) that did not confirm the call; for a command sent to several
     * gateways, the others did apply it. Empty when the call reached no gateway at all.
     */
    public Map<String, String> failedGateways() {
        return failedGateways;
    }
}
