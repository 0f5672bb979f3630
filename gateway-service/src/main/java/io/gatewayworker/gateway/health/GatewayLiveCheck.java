package io.gatewayworker.gateway.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.support.health.EventLoopWatchdog;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Live unless an event loop is stuck for {@code gateway.liveness.event-loop-stall}: its clients get
 * nothing any more, and a restart is what helps. Never depends on registers or workers (a restart
 * would not bring them back). Created at startup, so the loops are watched before the first probe.
 */
@Liveness
@Startup
@ApplicationScoped
public class GatewayLiveCheck implements HealthCheck {

    private final ClientIdGenerator ids;
    private final EventLoopWatchdog watchdog;

    public GatewayLiveCheck(ClientIdGenerator ids, Vertx vertx, GatewayConfig config) {
        this.ids = ids;
        this.watchdog = EventLoopWatchdog.start(vertx, config.liveness().eventLoopStall());
    }

    @PreDestroy
    void stop() {
        watchdog.close();
    }

    @Override
    public HealthCheckResponse call() {
        EventLoopWatchdog.Report loops = watchdog.check();
        return HealthCheckResponse.named("gateway").status(loops.live())
                .withData("gatewayId", ids.gatewayId())
                .withData("eventLoops", loops.summary())
                .build();
    }
}
