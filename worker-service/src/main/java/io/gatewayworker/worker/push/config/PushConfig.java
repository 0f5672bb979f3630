package io.gatewayworker.worker.push.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The HTTP push API ({@code /api/v1/...}) under {@code worker.push}; each property can be overridden by
 * its environment-variable form ({@code worker.push.token} -> {@code WORKER_PUSH_TOKEN}).
 */
@ConfigMapping(prefix = "worker.push")
public interface PushConfig {

    /** false: every {@code /api/...} endpoint answers 404 and no token is needed. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The bearer token callers must send ({@code Authorization: Bearer <token>}). Required while the
     * API is enabled: startup fails without it (see {@link PushStartupCheck}).
     */
    Optional<String> token();

    /**
     * Largest message a push may carry, in bytes: UTF-8 bytes of {@code text}, or the decoded bytes of
     * {@code base64}. Larger ones are refused with 400.
     */
    @WithDefault("1048576")
    int maxMessageSize();
}
