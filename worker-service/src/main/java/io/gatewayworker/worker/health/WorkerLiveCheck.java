package io.gatewayworker.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.gatewayworker.worker.config.WorkerIdentity;

/** Live while the process answers; never depends on registers or gateways (restarting would not help). */
@Liveness
@ApplicationScoped
public class WorkerLiveCheck implements HealthCheck {

    private final WorkerIdentity identity;

    public WorkerLiveCheck(WorkerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("worker").up().withData("workerId", identity.id()).build();
    }
}
