package io.gatewayworker.worker.api;

/** This worker process, as {@link Events#onWorkerStart} and {@link Events#onWorkerStop} see it. */
public interface WorkerContext {

    /** This worker's id ({@code worker.id}, or a random one per start), as gateways and logs know it. */
    String workerId();

    /** The cluster-wide API (the same bean an application can inject). */
    Gateway gateway();
}
