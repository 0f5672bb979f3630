package io.gatewayworker.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.gatewayworker.gateway.connection.ClientIdGenerator;

/** Live while the process answers; never depends on registers or workers (restarting would not help). */
@Liveness
@ApplicationScoped
public class GatewayLiveCheck implements HealthCheck {

    private final ClientIdGenerator ids;

    public GatewayLiveCheck(ClientIdGenerator ids) {
        this.ids = ids;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway").up().withData("gatewayId", ids.gatewayId()).build();
    }
}
