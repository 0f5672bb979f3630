package io.gatewayworker.gateway.link;

import io.gatewayworker.gateway.routing.WorkerRouter;

/** What every worker stream shares: the collaborators and the stream limits. */
record LinkSettings(String gatewayId, WorkerRouter router, CommandExecutor commands, QueryResponder queries,
        WorkerStreams streams, int maxInFlight, int batchSize, int batchBytes) {

    /** The window to honour: what the worker asked for, capped at the configured maximum (0 = the maximum). */
    int window(int requested) {
        return requested > 0 ? Math.min(requested, maxInFlight) : maxInFlight;
    }
}
