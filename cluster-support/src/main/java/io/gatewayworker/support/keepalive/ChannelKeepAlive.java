package io.gatewayworker.support.keepalive;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.netty.NettyChannelBuilder;

/**
 * The keepalive every internal gRPC channel uses (the services' register and gateway channels, and the
 * gateway-client library's): a ping after {@code time} of quiet, the peer counted dead when a ping goes
 * unanswered for {@code timeout}, also while no call is open — the registers and gateways permit that.
 */
public final class ChannelKeepAlive {

    private ChannelKeepAlive() {
    }

    /** Sets the keepalive on {@code channel}; returns it for chaining. */
    public static NettyChannelBuilder apply(NettyChannelBuilder channel, Duration time, Duration timeout) {
        return channel.keepAliveTime(time.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveWithoutCalls(true);
    }
}
