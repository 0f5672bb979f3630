package io.gatewayworker.support.tls;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * The internal-TLS settings every service has under its own prefix ({@code register.tls},
 * {@code gateway.tls}, {@code worker.tls}), each mapped from the same {@code GW_TLS_*} environment
 * variables: a group of each service's configuration mapping, turned into {@link TlsSettings}.
 */
public interface TlsConfig {

    /** TLS on every internal gRPC server and channel ({@code GW_TLS_ENABLED}); off means plaintext. */
    @WithDefault("false")
    boolean enabled();

    /**
     * This service's certificate chain, PEM ({@code GW_TLS_CERT}): the server certificate of a register or
     * gateway, and the client certificate every service presents when its peers require one.
     */
    Optional<Path> certificate();

    /** The private key of {@link #certificate()}, PKCS#8 PEM ({@code GW_TLS_KEY}). */
    Optional<Path> key();

    /**
     * The CA certificate(s), PEM, that peers' certificates must chain to ({@code GW_TLS_CA}); without it
     * the JDK's default trust store is used.
     */
    Optional<Path> ca();

    /**
     * Whether servers require a client certificate signed by {@link #ca()}: mutual TLS
     * ({@code GW_TLS_CLIENT_AUTH}).
     */
    @WithDefault("none")
    ClientAuth clientAuth();

    /**
     * The name every internal server certificate carries (a DNS subject alternative name) and clients
     * verify ({@code GW_TLS_SERVER_NAME}), whatever address they dial: gateways are reached by pod IP.
     */
    @WithDefault(TlsSettings.DEFAULT_SERVER_NAME)
    String serverName();

    /** What a server asks of its clients. */
    enum ClientAuth {
        /** Any client that trusts the server may connect (the cluster secret still authenticates calls). */
        NONE,
        /** Only clients presenting a certificate signed by the configured CA complete the handshake. */
        REQUIRED
    }
}
