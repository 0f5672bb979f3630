package io.gatewayworker.worker.health;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;

/** Ready while every gateway in the view has an open stream (vacuously so for an empty view). */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class GatewayStreamsCheck implements HealthCheck {

    private final GatewayConnections gateways;

    public GatewayStreamsCheck(GatewayConnections gateways) {
        this.gateways = gateways;
    }

    @Override
    public HealthCheckResponse call() {
        Collection<GatewayConnection> all = gateways.all();
        long open = all.stream().filter(GatewayConnection::isOpen).count();
        return HealthCheckResponse.named("gateway-streams")
                .status(open == all.size())
                .withData("known", all.size())
                .withData("open", open)
                .build();
    }
}
