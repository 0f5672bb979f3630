package io.gatewayworker.register.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.metrics.RegisterMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.gatewayworker.support.tls.InternalTlsServer;
import io.gatewayworker.support.tls.TlsSettings;
import io.quarkus.arc.Unremovable;
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
     * Fails startup when the secret or the internal TLS settings are unfit ({@link ClusterSecret#configured},
     * {@link TlsSettings#requireUsable}): the gRPC server, which needs them first, only logs such a
     * failure and would leave the process running without them.
     */
    void requireSecret(@Observes StartupEvent startup, ClusterSecret secret, InternalTlsServer tls) {
        // Resolving the parameters is the check.
    }

    /** TLS on the internal gRPC server when {@code GW_TLS_ENABLED=true}. */
    @Produces
    @Singleton
    @Unremovable
    InternalTlsServer internalTls(RegisterConfig config) {
        return new InternalTlsServer(TlsSettings.from(config.tls()));
    }

    @Produces
    @Singleton
    @GlobalInterceptor
    SecretCheckInterceptor secretCheck(ClusterSecret secret, RegisterMetrics metrics) {
        return new SecretCheckInterceptor(secret, metrics::authFailure);
    }
}
