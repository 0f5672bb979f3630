package io.gatewayworker.register.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.support.health.EventLoopWatchdog;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Live unless an event loop is stuck for {@code register.liveness.event-loop-stall} (then leases stop
 * expiring, views stop flowing, and a restart is what helps). Created at startup, so the loops are
 * watched before the first probe.
 */
@Liveness
@Startup
@ApplicationScoped
public class RegisterLiveCheck implements HealthCheck {

    private final Membership membership;
    private final EventLoopWatchdog watchdog;

    public RegisterLiveCheck(Membership membership, Vertx vertx, RegisterConfig config) {
        this.membership = membership;
        this.watchdog = EventLoopWatchdog.start(vertx, config.liveness().eventLoopStall());
    }

    @PreDestroy
    void stop() {
        watchdog.close();
    }

    @Override
    public HealthCheckResponse call() {
        EventLoopWatchdog.Report loops = watchdog.check();
        return HealthCheckResponse.named("register").status(loops.live())
                .withData("registerId", membership.registerId())
                .withData("eventLoops", loops.summary())
                .build();
    }
}
