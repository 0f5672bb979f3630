package io.gatewayworker.worker.api;

/**
 * A {@link Gateway} call could not reach the gateway it needed: the gateway owning the client is not
 * in this worker's view (it left, so the client is gone, or it joined so recently that this worker has
 * not learnt of it yet), its stream is not open (reconnecting), it did not answer a query in time
 * ({@code worker.query-timeout}), or its outbound queue is full because it does not keep up
 * ({@code worker.link.outbound-queue-size}). Nothing was done on that gateway. Unchecked: a handler
 * that does not catch it has its event logged as failed and acknowledged.
 */
public class GatewayUnreachableException extends RuntimeException {

    private final String gatewayId;

    public GatewayUnreachableException(String gatewayId, String message, Throwable cause) {
        super(message, cause);
        this.gatewayId = gatewayId;
    }

    /** The id of the gateway that could not be reached. */
    public String gatewayId() {
        return gatewayId;
    }
}
