package io.gatewayworker.register.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.gatewayworker.register.cluster.LeaseSweeper;
import io.gatewayworker.register.membership.Membership;

/**
 * Live while the process makes progress: the lease sweeper's timer keeps firing. If the event loops
 * are stuck (nothing sweeps for {@link #STALE_AFTER_SWEEPS} intervals, and at least 30s) leases
 * stop expiring and the view goes stale, and a restart is what helps.
 */
@Liveness
@ApplicationScoped
public class RegisterLiveCheck implements HealthCheck {

    static final int STALE_AFTER_SWEEPS = 10;

    private final LeaseSweeper sweeper;
    private final Membership membership;

    public RegisterLiveCheck(LeaseSweeper sweeper, Membership membership) {
        this.sweeper = sweeper;
        this.membership = membership;
    }

    @Override
    public HealthCheckResponse call() {
        long sinceSweep = System.currentTimeMillis() - sweeper.lastSweepMs();
        long staleAfter = Math.max(30_000, STALE_AFTER_SWEEPS * sweeper.intervalMs());
        return HealthCheckResponse.named("register")
                .status(sinceSweep < staleAfter)
                .withData("registerId", membership.registerId())
                .withData("msSinceLeaseSweep", sinceSweep)
                .build();
    }
}
