package io.gatewayworker.support.health;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * The liveness settings every service has under its own prefix ({@code register.liveness},
 * {@code gateway.liveness}, {@code worker.liveness}): a group of each service's configuration mapping.
 */
public interface LivenessConfig {

    /**
     * An event loop that has not run its periodic stamp for this long is stuck, and liveness reports
     * DOWN (so Kubernetes restarts the pod); see {@link EventLoopWatchdog}. Peers being down never count.
     */
    @WithDefault("10s")
    Duration eventLoopStall();
}
