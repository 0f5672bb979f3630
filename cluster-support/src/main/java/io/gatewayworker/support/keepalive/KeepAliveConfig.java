package io.gatewayworker.support.keepalive;

import java.time.Duration;

import io.grpc.netty.NettyChannelBuilder;
import io.smallrye.config.WithDefault;

/**
 * gRPC keepalive of the internal channels a service opens ({@code gateway.keep-alive.*} for the
 * gateway's register channels, {@code worker.keep-alive.*} for the worker's register and gateway
 * channels): HTTP/2 pings that notice a dead peer (kill -9, a vanished host or network) within
 * {@code time + timeout} instead of the operating system's TCP timeouts, so the link reconnects and the
 * peer's clients or members are given up in seconds. The servers (register, gateway) permit pings
 * this often ({@code quarkus.grpc.server.netty.permit-keep-alive-time} in their application.properties).
 */
public interface KeepAliveConfig {

    /**
     * Quiet time on a channel after which it pings its peer; also sent when no call is open. gRPC
     * raises anything under 10 s to 10 s. Must not be shorter than the servers' permit-keep-alive-time (5 s).
     */
    @WithDefault("10s")
    Duration time();

    /** How long a ping may go unanswered before the channel counts the peer as dead and fails its calls. */
    @WithDefault("5s")
    Duration timeout();

    /** Sets this keepalive on {@code channel} ({@link ChannelKeepAlive}); returns it for chaining. */
    default NettyChannelBuilder applyTo(NettyChannelBuilder channel) {
        return ChannelKeepAlive.apply(channel, time(), timeout());
    }
}
