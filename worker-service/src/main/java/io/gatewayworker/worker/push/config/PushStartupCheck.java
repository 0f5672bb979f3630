package io.gatewayworker.worker.push.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Fails startup when the push API is enabled without a token: an open push API would let anyone
 * message every client, so there is no default token outside dev and test.
 */
@ApplicationScoped
public class PushStartupCheck {

    void onStart(@Observes StartupEvent start, PushConfig config) {
        check(config);
    }

    /** @throws IllegalStateException when the API is enabled and the token is missing or blank */
    public static void check(PushConfig config) {
        if (config.enabled() && config.token().map(String::isBlank).orElse(true)) {
            throw new IllegalStateException("worker.push.enabled=true but no push API token is set: set"
                    + " worker.push.token (environment variable WORKER_PUSH_TOKEN), or disable the push API"
                    + " with worker.push.enabled=false (WORKER_PUSH_ENABLED=false)");
        }
        if (config.maxMessageSize() < 1) {
            throw new IllegalStateException("worker.push.max-message-size must be at least 1, is "
                    + config.maxMessageSize());
        }
    }
}
