package io.gatewayworker.register.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.metrics.RegisterMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.gatewayworker.support.tls.ServerTls;
import io.gatewayworker.support.tls.TlsSettings;
import io.quarkus.arc.Unremovable;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.quarkus.runtime.StartupEvent;
import io.vertx.grpc.VertxServerBuilder;

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

    /** Internal TLS ({@code GW_TLS_*}), for this service's gRPC server and the channels it opens. */
    @Produces
    @Singleton
    TlsSettings tls(RegisterConfig config) {
        return TlsSettings.from(config.tls()).requireUsable(true);
    }

    /**
     * Fails startup when the secret or the TLS settings are unfit ({@link ClusterSecret#configured},
     * {@link TlsSettings#requireUsable}): the gRPC server, which needs them first, only logs such a
     * failure and would leave the process running without them.
     */
    void requireSecret(@Observes StartupEvent startup, ClusterSecret secret, TlsSettings tls) {
        // Resolving the parameters is the check.
    }

    /** Serves TLS on the internal gRPC server when {@code GW_TLS_ENABLED=true} (Quarkus looks customizers up by type). */
    @Produces
    @Singleton
    @Unremovable
    ServerBuilderCustomizer<VertxServerBuilder> internalTls(TlsSettings tls) {
        return new ServerBuilderCustomizer<>() {
            @Override
            public void customize(GrpcServerConfiguration config, VertxServerBuilder server) {
                ServerTls.apply(tls, server.nettyBuilder());
            }
        };
    }

    @Produces
    @Singleton
    @GlobalInterceptor
    SecretCheckInterceptor secretCheck(ClusterSecret secret, RegisterMetrics metrics) {
        return new SecretCheckInterceptor(secret, metrics::authFailure);
    }
}
