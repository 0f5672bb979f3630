package io.gatewayworker.register.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.membership.LeasePolicy;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.register.metrics.RegisterMetrics;

/** Builds the one {@link Membership} of this register instance, with a fresh random register id. */
public class MembershipProducer {

    @Produces
    @Singleton
    Membership membership(RegisterConfig config, MembershipEvents events, RegisterMetrics metrics) {
        RegisterConfig.Lease lease = config.lease();
        LeasePolicy policy = new LeasePolicy(seconds(lease.min()), seconds(lease.max()), seconds(lease.fallback()));
        Membership membership = new Membership(newRegisterId(), policy, config.maxGateways(),
                config.watch().maxWatchers(), System::currentTimeMillis, events);
        metrics.gauge("gw.register.gateways", "Gateways that are members", membership::gatewayCount);
        metrics.gauge("gw.register.watchers", "Watch streams open", membership::watcherCount);
        metrics.gauge("gw.register.version", "Changes published by this register instance", membership::version);
        return membership;
    }

    /** 16 hex digits: a new id per start, so watchers can tell a restarted register apart. */
    static String newRegisterId() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whole seconds, rounded up (the contract grants leases in seconds). */
    private static int seconds(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, (duration.toMillis() + 999) / 1000);
    }
}
