package io.gatewayworker.gateway.health;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.gatewayworker.gateway.shutdown.ShutdownState;

/**
 * Not ready from the first moment of a shutdown, so that a load balancer (a Kubernetes Service)
 * stops sending new clients while the existing ones drain.
 */
@Readiness
@ApplicationScoped
public class AcceptingClientsCheck implements HealthCheck {

    private final ShutdownState shutdown;

    public AcceptingClientsCheck(ShutdownState shutdown) {
        this.shutdown = shutdown;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting-clients")
                .status(shutdown.acceptsClients())
                .withData("phase", shutdown.phase().name().toLowerCase(Locale.ROOT))
                .build();
    }
}
