package io.gatewayworker.worker.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.gatewayworker.support.health.EventLoopWatchdog;
import io.gatewayworker.worker.config.WorkerConfig;
import io.gatewayworker.worker.config.WorkerIdentity;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Live unless an event loop is stuck for {@code worker.liveness.event-loop-stall}: events and acks
 * stop moving, and a restart is what helps. Never depends on registers or gateways, nor on slow
 * handlers (they run on their own threads). Created at startup, so the loops are watched before the
 * first probe.
 */
@Liveness
@Startup
@ApplicationScoped
public class WorkerLiveCheck implements HealthCheck {

    private final WorkerIdentity identity;
    private final EventLoopWatchdog watchdog;

    public WorkerLiveCheck(WorkerIdentity identity, Vertx vertx, WorkerConfig config) {
        this.identity = identity;
        this.watchdog = EventLoopWatchdog.start(vertx, config.liveness().eventLoopStall());
    }

    @PreDestroy
    void stop() {
        watchdog.close();
    }

    @Override
    public HealthCheckResponse call() {
        EventLoopWatchdog.Report loops = watchdog.check();
        return HealthCheckResponse.named("worker").status(loops.live())
                .withData("workerId", identity.id())
                .withData("eventLoops", loops.summary())
                .build();
    }
}
