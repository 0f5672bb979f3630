package io.gatewayworker.worker.status;

import java.util.List;

/** The body of GET /status (read by bin/cluster status and tests). */
public record WorkerStatus(String workerId, boolean ready, List<Gateway> gateways) {

    /** One gateway of the view; {@code connected} when its stream is open. */
    public record Gateway(String gatewayId, String address, boolean connected) {
    }
}
