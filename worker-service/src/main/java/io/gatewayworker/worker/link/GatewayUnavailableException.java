package io.gatewayworker.worker.link;

/** The gateway is not reachable right now: unknown, connecting, or its stream broke. */
public class GatewayUnavailableException extends RuntimeException {

    private final String gatewayId;

    public GatewayUnavailableException(String gatewayId, String message) {
        super("gateway " + gatewayId + ": " + message);
        this.gatewayId = gatewayId;
    }

    public String gatewayId() {
        return gatewayId;
    }
}
