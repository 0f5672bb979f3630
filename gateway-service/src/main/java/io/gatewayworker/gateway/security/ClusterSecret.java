package io.gatewayworker.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * The shared cluster secret: carried as {@code x-gw-secret} on every internal gRPC call, and
 * checked on every call this gateway serves. Startup fails when it is empty or not printable ASCII
 * (gRPC metadata cannot carry anything else).
 */
@ApplicationScoped
public class ClusterSecret {

    /** The metadata header every internal call carries. */
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final String secret;
    private final byte[] secretBytes;

    @Inject
    public ClusterSecret(GatewayConfig config) {
        this(config.secretKey());
    }

    public ClusterSecret(String secret) {
        if (secret == null || secret.isBlank() || !secret.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalStateException(
                    "gateway.secret-key (env GW_SECRET_KEY) must be a non-empty printable ASCII string");
        }
        this.secret = secret;
        this.secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison with the configured secret. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(secretBytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the secret to every call of a channel this gateway opens. */
    public ClientInterceptor clientInterceptor() {
        Metadata headers = new Metadata();
        headers.put(HEADER, secret);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
