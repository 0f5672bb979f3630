package io.gatewayworker.gateway.routing;

/** What became of a client event handed to the {@link WorkerRouter}. */
public enum Dispatch {
    /** Sent to the client's worker, or queued on its stream behind a full in-flight window. */
    ROUTED,
    /** No worker is connected, or the client's worker is draining: held, in order, until it can go. */
    PARKED
}
