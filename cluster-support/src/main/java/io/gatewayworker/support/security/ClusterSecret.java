package io.gatewayworker.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * The shared cluster secret: carried as {@code x-gw-secret} on every internal gRPC call, and
 * checked on every call a register or gateway serves. Construction fails when it is empty or not
 * printable ASCII (gRPC metadata cannot carry anything else), so a misconfigured service does not
 * start. Each service builds it from its own configuration; thread-safe.
 */
public final class ClusterSecret {

    /** The metadata header every internal call carries. */
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final String secret;
    private final byte[] secretBytes;

    /**
     * @param secret    the configured secret
     * @param configKey the property it came from, named in the startup error (e.g. {@code gateway.secret-key})
     */
    public ClusterSecret(String secret, String configKey) {
        if (secret == null || secret.isBlank() || !secret.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalStateException(
                    configKey + " (env GW_SECRET_KEY) must be a non-empty printable ASCII string");
        }
        this.secret = secret;
        this.secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A service's secret, {@code <service>.secret-key} (env {@code GW_SECRET_KEY}), which must also
     * pass the {@link CredentialRule} unless {@code <service>.allow-placeholder-secret} is true.
     *
     * @param service the service's configuration prefix: {@code register}, {@code gateway}, {@code worker}
     * @throws IllegalStateException naming the property and the variable, so the service does not start
     */
    public static ClusterSecret configured(String service, String secret, boolean allowPlaceholder) {
        ClusterSecret configured = new ClusterSecret(secret, service + ".secret-key");
        CredentialRule.require(secret, "GW_SECRET_KEY", service + ".secret-key", service + ".allow-placeholder-secret",
                allowPlaceholder);
        return configured;
    }

    /** Constant-time comparison with the configured secret. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(secretBytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the secret to every call of a channel this service opens. */
    public ClientInterceptor clientInterceptor() {
        Metadata headers = new Metadata();
        headers.put(HEADER, secret);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
