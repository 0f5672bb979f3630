package io.gatewayworker.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.gatewayworker.gateway.routing.WorkerRouter;

/** Ready once a worker stream is open that takes new clients; without one, clients are refused. */
@Readiness
@ApplicationScoped
public class WorkerAttachedCheck implements HealthCheck {

    private final WorkerRouter router;

    public WorkerAttachedCheck(WorkerRouter router) {
        this.router = router;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("worker-attached")
                .status(router.hasWorker())
                .withData("streams", router.openStreams())
                .build();
    }
}
