package io.gatewayworker.worker.push.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.gatewayworker.support.security.CredentialRule;
import io.gatewayworker.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Fails startup when the push API is enabled without a real token: an open push API would let anyone
 * message every client, so there is no default token outside dev and test, and the placeholder the
 * Kubernetes manifests ship (or a token under 16 characters) is refused unless
 * {@code worker.allow-placeholder-secret} (see {@link CredentialRule}).
 */
@ApplicationScoped
public class PushStartupCheck {

    void onStart(@Observes StartupEvent start, PushConfig config, WorkerConfig worker) {
        check(config, worker.allowPlaceholderSecret());
    }

    /**
     * @param allowPlaceholder {@code worker.allow-placeholder-secret}
     * @throws IllegalStateException when the API is enabled and the token is missing, blank, or (unless
     *         allowed) a placeholder or short
     */
    public static void check(PushConfig config, boolean allowPlaceholder) {
        if (config.enabled() && config.token().map(String::isBlank).orElse(true)) {
            throw new IllegalStateException("worker.push.enabled=true but no push API token is set: set"
                    + " worker.push.token (environment variable WORKER_PUSH_TOKEN), or disable the push API"
                    + " with worker.push.enabled=false (WORKER_PUSH_ENABLED=false)");
        }
        if (config.enabled()) {
            CredentialRule.require(config.token().orElseThrow(), "WORKER_PUSH_TOKEN", "worker.push.token",
                    "worker.allow-placeholder-secret", allowPlaceholder);
        }
        if (config.maxMessageSize() < 1) {
            throw new IllegalStateException("worker.push.max-message-size must be at least 1, is "
                    + config.maxMessageSize());
        }
    }
}
