package io.gatewayworker.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.gatewayworker.worker.discovery.RegisterWatcher;

/**
 * Ready while at least one register's watch is open and delivered its view. (During a total outage
 * the last view stays in force, but gateways that join meanwhile would go unnoticed.)
 */
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
                .status(registers.watchingCount() > 0)
                .withData("watching", registers.watchingCount())
                .withData("configured", registers.configuredCount())
                .withData("everHadView", registers.hasView())
                .build();
    }
}
