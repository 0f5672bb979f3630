package io.gatewayworker.worker.status;

import java.util.List;

/**
 * The body of GET /status (read by {@code bin/cluster status} and tests):
 * {@code {"service":"worker","id":…,"ready":…,"registersWatching":…,"registersConfigured":…,
 * "gatewaysKnown":…,"gatewaysOpen":…,"gateways":[{"id":…,"address":…,"open":…}]}}.
 */
public record WorkerStatus(String service, String id, boolean ready, int registersWatching,
        int registersConfigured, int gatewaysKnown, int gatewaysOpen, List<Gateway> gateways) {

    /** One gateway of the view; {@code open} when its stream is open (the gateway said hello). */
    public record Gateway(String id, String address, boolean open) {
    }
}
