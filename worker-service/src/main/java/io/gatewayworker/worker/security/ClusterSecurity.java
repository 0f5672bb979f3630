package io.gatewayworker.worker.security;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.worker.config.WorkerConfig;

/**
 * The worker's cluster secret ({@code worker.secret-key}), carried on every gRPC call it makes to
 * registers and gateways (a worker serves none); the shared code is in
 * {@code io.gatewayworker.support.security}.
 */
@Singleton
public class ClusterSecurity {

    @Produces
    @Singleton
    ClusterSecret clusterSecret(WorkerConfig config) {
        return ClusterSecret.configured("worker", config.secretKey(), config.allowPlaceholderSecret());
    }
}
