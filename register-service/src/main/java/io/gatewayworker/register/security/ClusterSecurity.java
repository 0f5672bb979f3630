package io.gatewayworker.register.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.metrics.RegisterMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.StartupEvent;

/**
 * The register's cluster secret ({@code register.secret-key}) and its check on every gRPC call the
 * register serves; the shared code is in {@code io.gatewayworker.support.security}.
 */
@Singleton
public class ClusterSecurity {

    @Produces
    @Singleton
    ClusterSecret clusterSecret(RegisterConfig config) {
        return ClusterSecret.configured("register", config.secretKey(), config.allowPlaceholderSecret());
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
    SecretCheckInterceptor secretCheck(ClusterSecret secret, RegisterMetrics metrics) {
        return new SecretCheckInterceptor(secret, metrics::authFailure);
    }
}
