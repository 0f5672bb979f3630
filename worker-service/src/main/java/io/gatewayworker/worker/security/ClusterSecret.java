package io.gatewayworker.worker.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gatewayworker.worker.config.WorkerConfig;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * The shared cluster secret, carried as {@code x-gw-secret} on every gRPC call this worker makes
 * (to registers and gateways). Startup fails when it is empty or not printable ASCII (gRPC metadata
 * cannot carry anything else).
 */
@ApplicationScoped
public class ClusterSecret {

    /** The metadata header every internal call carries. */
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final String secret;

    @Inject
    public ClusterSecret(WorkerConfig config) {
        this(config.secretKey());
    }

    public ClusterSecret(String secret) {
        if (secret == null || secret.isBlank() || !secret.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalStateException(
                    "worker.secret-key (env GW_SECRET_KEY) must be a non-empty printable ASCII string");
        }
        this.secret = secret;
    }

    /** Adds the secret to every call of a channel this worker opens. */
    public ClientInterceptor clientInterceptor() {
        Metadata headers = new Metadata();
        headers.put(HEADER, secret);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
