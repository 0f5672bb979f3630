package io.gatewayworker.support.tls;

import javax.net.ssl.SSLException;

import org.jboss.logging.Logger;

import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * TLS on a register's or gateway's internal gRPC server. Quarkus' separate gRPC server reads trust stores
 * only as JKS or PKCS#12; this takes the same PEM files as the channels ({@link TlsSettings}) and is applied
 * to the server's Netty builder by each service's {@code ServerBuilderCustomizer}.
 */
public final class ServerTls {

    private static final Logger LOG = Logger.getLogger(ServerTls.class);

    private ServerTls() {
    }

    /**
     * Serves TLS on {@code server} when the settings enable it; nothing otherwise.
     *
     * @throws IllegalStateException when the settings are incomplete or a PEM file cannot be parsed
     */
    public static void apply(TlsSettings tls, NettyServerBuilder server) {
        if (tls.requireUsable(true).enabled()) {
            server.sslContext(sslContext(tls));
        }
        LOG.infof("internal gRPC server: %s", tls);
    }

    static SslContext sslContext(TlsSettings tls) {
        try {
            SslContextBuilder context = GrpcSslContexts.forServer(tls.certificate().orElseThrow().toFile(),
                    tls.key().orElseThrow().toFile());
            tls.ca().ifPresent(ca -> context.trustManager(ca.toFile()));
            return context.clientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.NONE).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot serve internal TLS with " + tls + ": " + e.getMessage(), e);
        }
    }
}
