package io.gatewayworker.register.security;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.metrics.RegisterMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.quarkus.grpc.GlobalInterceptor;

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

    @Produces
    @Singleton
    @GlobalInterceptor
    SecretCheckInterceptor secretCheck(ClusterSecret secret, RegisterMetrics metrics) {
        return new SecretCheckInterceptor(secret, metrics::authFailure);
    }
}
