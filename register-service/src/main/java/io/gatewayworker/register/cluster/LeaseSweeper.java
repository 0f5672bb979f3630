package io.gatewayworker.register.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.membership.Membership;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Expires silent gateways: a periodic Vert.x timer (the sweep is a short in-memory scan, fine on an
 * event loop) removes every member whose lease ran out. At shutdown it ends every stream, so the
 * gRPC server is not held open by long-lived calls and members re-join elsewhere at once.
 */
@ApplicationScoped
public class LeaseSweeper {

    private final Membership membership;
    private final Vertx vertx;
    private final long intervalMs;
    private long timer = -1;

    public LeaseSweeper(Membership membership, Vertx vertx, RegisterConfig config) {
        this.membership = membership;
        this.vertx = vertx;
        this.intervalMs = Math.max(10, config.lease().sweepInterval().toMillis());
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(intervalMs, id -> membership.expireLeases());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        membership.shutdown();
    }
}
