package io.gatewayworker.register.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gatewayworker.register.config.RegisterConfig;
import io.grpc.Metadata;

/**
 * The shared cluster secret every caller presents as {@code x-gw-secret} (the same header and rules
 * as the gateway's and worker's). Startup fails when it is empty or not printable ASCII, since gRPC
 * metadata cannot carry anything else and a register nobody can call is useless.
 */
@ApplicationScoped
public class ClusterSecret {

    /** The metadata header every internal call carries. */
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] secretBytes;

    @Inject
    public ClusterSecret(RegisterConfig config) {
        this(config.secretKey());
    }

    public ClusterSecret(String secret) {
        if (secret == null || secret.isBlank() || !secret.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalStateException(
                    "register.secret-key (env GW_SECRET_KEY) must be a non-empty printable ASCII string");
        }
        this.secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison with the configured secret. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(secretBytes, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
