package io.gatewayworker.register.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Ready while the gRPC server takes Join and Watch calls (see {@link Readiness}). */
@org.eclipse.microprofile.health.Readiness
@ApplicationScoped
public class GrpcServerReadyCheck implements HealthCheck {

    private final Readiness readiness;

    public GrpcServerReadyCheck(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("register-grpc")
                .status(readiness.ready())
                .withData("grpcServer", readiness.grpcServerUp() ? "listening" : "down")
                .build();
    }
}
