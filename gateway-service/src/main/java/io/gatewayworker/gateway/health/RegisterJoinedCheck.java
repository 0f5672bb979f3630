package io.gatewayworker.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.gatewayworker.gateway.discovery.RegisterClient;

/** Ready once this gateway is a member of at least one register. */
@Readiness
@ApplicationScoped
public class RegisterJoinedCheck implements HealthCheck {

    private final RegisterClient registers;

    public RegisterJoinedCheck(RegisterClient registers) {
        this.registers = registers;
    }

    @Override
    public HealthCheckResponse call() {
        int joined = registers.joinedCount();
        return HealthCheckResponse.named("register-joined")
                .status(joined > 0)
                .withData("joined", joined)
                .withData("configured", registers.configuredCount())
                .build();
    }
}
