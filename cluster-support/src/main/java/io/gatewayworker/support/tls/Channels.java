package io.gatewayworker.support.tls;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The one way every internal gRPC channel starts: a {@link NettyChannelBuilder} for a target, plaintext or
 * TLS as {@link TlsSettings} say. Callers keep configuring the builder (secret interceptor, executor,
 * message limits, keepalive) and build it.
 */
public final class Channels {

    private Channels() {
    }

    /**
     * A builder for {@code target} ({@code host:port}). With TLS on, the server's certificate is verified
     * against the CA and {@link TlsSettings#serverName()} (the channel's authority), and the client
     * certificate is presented when the settings have one.
     *
     * @throws IllegalStateException when the settings are incomplete ({@link TlsSettings#requireUsable})
     * @throws UncheckedIOException  when a PEM file cannot be read or parsed
     */
    public static NettyChannelBuilder forTarget(String target, TlsSettings tls) {
        if (!tls.requireUsable(false).enabled()) {
            return NettyChannelBuilder.forTarget(target).usePlaintext();
        }
        return NettyChannelBuilder.forTarget(target, credentials(tls)).overrideAuthority(tls.serverName());
    }

    private static ChannelCredentials credentials(TlsSettings tls) {
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
        try {
            if (tls.ca().isPresent()) {
                credentials.trustManager(tls.ca().get().toFile());
            }
            if (tls.certificate().isPresent() && tls.key().isPresent()) {
                credentials.keyManager(tls.certificate().get().toFile(), tls.key().get().toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the internal TLS certificates (" + tls + ")", e);
        }
        return credentials.build();
    }
}
