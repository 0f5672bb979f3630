package io.gatewayworker.client;

import java.time.Duration;

/**
 * gRPC keepalive of the client's channels, applied by cluster-support's {@code ChannelKeepAlive} as the
 * services apply theirs: see {@link GatewayClient.Builder#keepAlive(Duration, Duration)}.
 */
record KeepAlive(Duration time, Duration timeout) {

    /** The cluster's own channels' defaults (cluster-support's KeepAliveConfig). */
    static final KeepAlive DEFAULT = new KeepAlive(Duration.ofSeconds(10), Duration.ofSeconds(5));

    KeepAlive {
        if (time == null || timeout == null || time.isNegative() || time.isZero()
                || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("keepAlive time and timeout must be positive");
        }
    }
}
