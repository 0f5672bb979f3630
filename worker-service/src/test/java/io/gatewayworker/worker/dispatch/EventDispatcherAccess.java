package io.gatewayworker.worker.dispatch;

import io.gatewayworker.worker.api.Events;
import io.gatewayworker.worker.cluster.ClusterGateway;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;

/** Lets tests of other packages run a dispatcher without CDI. */
public final class EventDispatcherAccess {

    private EventDispatcherAccess() {
    }

    public static ClientEventSink create(Events events, ClusterGateway gateway, SessionCodec codec,
            WorkerMetrics metrics) {
        return new EventDispatcher(events, gateway, codec, "w-test", 4, 100, 1000, 0, metrics);
    }

    public static void shutdown(ClientEventSink dispatcher) {
        ((EventDispatcher) dispatcher).pool().shutdownNow();
    }
}
