package io.gatewayworker.register.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.grpc.runtime.GrpcServerRecorder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * When the register can do its job: the application started, its gRPC server is listening and it is
 * not shutting down. The register needs nothing else (no state, no peers), so that is all of it.
 */
@ApplicationScoped
public class Readiness {

    private volatile boolean started;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean started() {
        return started;
    }

    /**
     * Whether Quarkus' gRPC server is bound. Its verticles count themselves once listening; there is
     * no public API for that yet, and a listening socket is what readiness is about.
     */
    public boolean grpcServerUp() {
        return GrpcServerRecorder.getVerticleCount() > 0;
    }

    public boolean ready() {
        return started && !stopping && grpcServerUp();
    }
}
