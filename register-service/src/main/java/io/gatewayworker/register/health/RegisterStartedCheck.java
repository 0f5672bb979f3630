package io.gatewayworker.register.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the application finished starting (so Kubernetes holds liveness probes until then). */
@Startup
@ApplicationScoped
public class RegisterStartedCheck implements HealthCheck {

    private final Readiness readiness;

    public RegisterStartedCheck(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("register-started").status(readiness.started()).build();
    }
}
