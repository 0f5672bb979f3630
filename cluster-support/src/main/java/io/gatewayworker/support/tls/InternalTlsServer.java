package io.gatewayworker.support.tls;

import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;

/**
 * Serves TLS on a register's or gateway's internal gRPC server (Quarkus' separate server) when
 * {@code GW_TLS_ENABLED=true}; see {@link ServerTls}. Each service produces one as an unremovable bean,
 * since Quarkus looks customizers up by type. Construction fails on incomplete settings, so a service
 * that resolves it at startup refuses to start rather than serve without TLS.
 */
public final class InternalTlsServer implements ServerBuilderCustomizer<VertxServerBuilder> {

    private final TlsSettings tls;

    public InternalTlsServer(TlsSettings tls) {
        this.tls = tls.requireUsable(true);
    }

    @Override
    public void customize(GrpcServerConfiguration config, VertxServerBuilder server) {
        ServerTls.apply(tls, server.nettyBuilder());
    }
}
