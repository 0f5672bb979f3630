package io.gatewayworker.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's cluster secret ({@code gateway.secret-key}), carried on the calls it makes to
 * registers and checked on every gRPC call it serves; the shared code is in
 * {@code io.gatewayworker.support.security}.
 */
@Singleton
public class ClusterSecurity {

    @Produces
    @Singleton
    ClusterSecret clusterSecret(GatewayConfig config) {
        return ClusterSecret.configured("gateway", config.secretKey(), config.allowPlaceholderSecret());
    }

    /**
     * Fails startup when the secret is unfit ({@link ClusterSecret#configured}): the gRPC server,
     * which needs it first, only logs such a failure and would leave the process running without it.
     */
    void requireSecret(@Observes StartupEvent startup, ClusterSecret secret) {
        // Resolving the parameter is the check.
    }

    @Produces
    @Singleton
    @GlobalInterceptor
    SecretCheckInterceptor secretCheck(ClusterSecret secret, GatewayMetrics metrics) {
        return new SecretCheckInterceptor(secret, metrics::authFailure);
    }
}
