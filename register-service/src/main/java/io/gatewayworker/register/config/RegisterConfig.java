package io.gatewayworker.register.config;

import java.time.Duration;

import io.gatewayworker.support.health.LivenessConfig;
import io.gatewayworker.support.tls.TlsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every setting of the register, under the {@code register} prefix. Each can be overridden by its
 * environment-variable form ({@code register.lease.max} is {@code REGISTER_LEASE_MAX}).
 */
@ConfigMapping(prefix = "register")
public interface RegisterConfig {

    /**
     * Cluster secret every caller must present as {@code x-gw-secret}. No default in prod
     * ({@code GW_SECRET_KEY}); printable ASCII only, as gRPC metadata requires.
     */
    String secretKey();

    /**
     * Start even when the secret is a placeholder ({@code CHANGE-ME...}) or shorter than
     * 16 characters (env {@code GW_ALLOW_PLACEHOLDER_SECRET}); true in dev and test, false otherwise.
     */
    @WithDefault("false")
    boolean allowPlaceholderSecret();

    /** Gateways the register holds at most; more joins are refused with RESOURCE_EXHAUSTED. */
    @WithDefault("10000")
    int maxGateways();

    Lease lease();

    Watch watch();

    /** Liveness: how long an event loop may stall before the process counts as wedged. */
    LivenessConfig liveness();

    /** TLS on internal gRPC (env {@code GW_TLS_*}, shared by all services); plaintext unless enabled. */
    TlsConfig tls();

    /** Leases of gateways: granted per Join, renewed with every LeaseRenewal. */
    interface Lease {

        /** Shortest lease granted (whole seconds, at least 1s); keeps renewals from flooding the register. */
        @WithDefault("5s")
        Duration min();

        /** Longest lease granted (whole seconds); bounds how long a silent gateway stays in the view. */
        @WithDefault("120s")
        Duration max();

        /** Lease granted to a gateway that asks for none (whole seconds, between min and max). */
        @WithName("default")
        @WithDefault("30s")
        Duration fallback();

        /** How often expired leases are looked for; a silent gateway leaves at most this late. */
        @WithDefault("1s")
        Duration sweepInterval();
    }

    /** Watch streams (workers and push clients following the membership). */
    interface Watch {

        /**
         * Views that may wait for one slow watcher beyond what its transport buffers; one more and
         * the watcher is dropped with RESOURCE_EXHAUSTED (it re-subscribes and gets a FULL view).
         */
        @WithDefault("256")
        int bufferSize();

        /** Watch streams open at most; more are refused with RESOURCE_EXHAUSTED. */
        @WithDefault("10000")
        int maxWatchers();
    }
}
