package io.gatewayworker.worker.link;

/**
 * A command or query was refused because the stream to its gateway already holds
 * {@code worker.link.outbound-queue-size} messages waiting to be written: the gateway reads more
 * slowly than this worker writes. Nothing was queued; the caller may retry later or give up.
 */
public class OutboundQueueFullException extends GatewayUnavailableException {

    public OutboundQueueFullException(String gatewayId, int capacity) {
        super(gatewayId, "outbound queue full (" + capacity
                + " messages waiting; worker.link.outbound-queue-size): the gateway is not keeping up");
    }
}
