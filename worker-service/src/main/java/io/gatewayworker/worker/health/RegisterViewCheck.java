package io.gatewayworker.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.gatewayworker.worker.discovery.RegisterWatcher;

/** Ready once a register delivered a view of the cluster (it stays so through register outages). */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class RegisterViewCheck implements HealthCheck {

    private final RegisterWatcher registers;

    public RegisterViewCheck(RegisterWatcher registers) {
        this.registers = registers;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("register-view")
                .status(registers.hasView())
                .withData("watching", registers.watchingCount())
                .withData("configured", registers.configuredCount())
                .build();
    }
}
