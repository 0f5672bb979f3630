package io.gatewayworker.support.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How internal gRPC traffic is protected: plaintext (the default), TLS verifying the server against a CA,
 * or mutual TLS where servers also require a client certificate. One value serves both sides: a register or
 * gateway serves with {@link #certificate()} and {@link #key()}; every channel a service or the
 * {@code GatewayClient} opens trusts {@link #ca()}, presents the same certificate when it has one, and
 * verifies the server's certificate against {@link #serverName()} rather than the address it dialled
 * (gateways are reached by pod IP, unknown when certificates are issued). Immutable.
 *
 * @param enabled                   false: plaintext, every other field is ignored
 * @param certificate               this side's certificate chain, PEM
 * @param key                       its private key, PKCS#8 PEM
 * @param ca                        CA certificate(s), PEM, peers must chain to; empty: the JDK's default trust
 * @param requireClientCertificate  servers refuse clients without a certificate signed by {@code ca}
 * @param serverName                the name server certificates carry and clients verify
 */
public record TlsSettings(boolean enabled, Optional<Path> certificate, Optional<Path> key, Optional<Path> ca,
        boolean requireClientCertificate, String serverName) {

    /** The name server certificates carry unless {@code GW_TLS_SERVER_NAME} says otherwise. */
    public static final String DEFAULT_SERVER_NAME = "gatewayworker-internal";

    /** Plaintext: no TLS anywhere. */
    public static final TlsSettings PLAINTEXT = new TlsSettings(false, Optional.empty(), Optional.empty(),
            Optional.empty(), false, DEFAULT_SERVER_NAME);

    /** A service's settings from its {@code <service>.tls} configuration group. */
    public static TlsSettings from(TlsConfig config) {
        return new TlsSettings(config.enabled(), config.certificate(), config.key(), config.ca(),
                config.clientAuth() == TlsConfig.ClientAuth.REQUIRED, config.serverName());
    }

    /** TLS verifying servers against {@code caPem}, for a client that presents no certificate. */
    public static TlsSettings trusting(Path caPem) {
        return new TlsSettings(true, Optional.empty(), Optional.empty(), Optional.of(caPem), false,
                DEFAULT_SERVER_NAME);
    }

    /** The same, presenting (and, on a server, serving) {@code certificatePem} with its {@code keyPem}. */
    public TlsSettings withCertificate(Path certificatePem, Path keyPem) {
        return new TlsSettings(enabled, Optional.of(certificatePem), Optional.of(keyPem), ca,
                requireClientCertificate, serverName);
    }

    /** The same, verifying server certificates against {@code name}. */
    public TlsSettings withServerName(String name) {
        return new TlsSettings(enabled, certificate, key, ca, requireClientCertificate, name);
    }

    /** The same, with servers requiring client certificates (mutual TLS). */
    public TlsSettings requiringClientCertificates() {
        return new TlsSettings(enabled, certificate, key, ca, true, serverName);
    }

    /**
     * Fails unless these settings are complete for the side they are used on, naming the variable to set:
     * a server needs a certificate and key, mutual TLS a CA, a certificate needs its key, and every file
     * must be readable. Nothing to check when TLS is off.
     *
     * @param server whether a gRPC server will use them
     * @throws IllegalStateException naming the missing or unreadable {@code GW_TLS_*} setting
     */
    public TlsSettings requireUsable(boolean server) {
        if (!enabled) {
            return this;
        }
        if (server && certificate.isEmpty()) {
            throw new IllegalStateException("GW_TLS_ENABLED=true needs GW_TLS_CERT (this server's certificate, PEM)");
        }
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalStateException("GW_TLS_CERT and GW_TLS_KEY must be set together");
        }
        if (requireClientCertificate && ca.isEmpty()) {
            throw new IllegalStateException(
                    "GW_TLS_CLIENT_AUTH=required needs GW_TLS_CA (the CA client certificates chain to)");
        }
        readable(certificate, "GW_TLS_CERT");
        readable(key, "GW_TLS_KEY");
        readable(ca, "GW_TLS_CA");
        if (serverName == null || serverName.isBlank()) {
            throw new IllegalStateException("GW_TLS_SERVER_NAME must not be empty");
        }
        return this;
    }

    private static void readable(Optional<Path> file, String variable) {
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new IllegalStateException(variable + " names " + file.get() + ", which is not a readable file");
        }
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "plaintext";
        }
        return (requireClientCertificate ? "mutual TLS" : "TLS") + " (server name " + serverName
                + (ca.map(path -> ", CA " + path).orElse(", JDK default trust")) + ")";
    }
}
