package io.gatewayworker.gateway.security;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.quarkus.grpc.GlobalInterceptor;

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

    @Produces
    @Singleton
    @GlobalInterceptor
    SecretCheckInterceptor secretCheck(ClusterSecret secret, GatewayMetrics metrics) {
        return new SecretCheckInterceptor(secret, metrics::authFailure);
    }
}
