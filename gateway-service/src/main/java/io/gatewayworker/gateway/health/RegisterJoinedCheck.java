package io.gatewayworker.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.gatewayworker.gateway.discovery.RegisterClient;

/**
 * Ready once a register accepted this gateway, and through a register outage after that
 * ({@link Readiness}); {@code joined} counts the registers it is a member of now.
 */
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
                .status(joined > 0 || registers.everJoined())
                .withData("joined", joined)
                .withData("configured", registers.configuredCount())
                .build();
    }
}
