package io.gatewayworker.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gatewayworker.support.health.LivenessConfig;
import io.gatewayworker.support.keepalive.KeepAliveConfig;
import io.gatewayworker.support.tls.TlsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the gateway, under the {@code gateway} prefix. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Cluster secret sent and checked as {@code x-gw-secret} on every internal gRPC call. */
    String secretKey();

    /**
     * Start even when the secret is a placeholder ({@code CHANGE-ME...}) or shorter than
     * 16 characters (env {@code GW_ALLOW_PLACEHOLDER_SECRET}); true in dev and test, false otherwise.
     */
    @WithDefault("false")
    boolean allowPlaceholderSecret();

    /** host:port of every register; the gateway joins all of them. */
    List<String> registerAddresses();

    /** host:port of this gateway's internal gRPC server as workers reach it. */
    String advertiseAddress();

    /** Lease asked of the registers; renewed every third of what they grant. */
    @WithDefault("30")
    int leaseSeconds();

    /** Connections this gateway holds at most; more are refused with CONNECTION_LIMIT. */
    @WithDefault("100000")
    int maxConnections();

    /**
     * Outbound bytes queued per client connection at most (GatewayWorker's sendToClientBufferSize):
     * messages accepted for a client but not yet written to its socket. A client that does not read
     * fast enough to stay under it is closed with SLOW_CONSUMER. A single message larger than the
     * limit is still sent when nothing else is pending.
     */
    @WithDefault("1048576")
    int sendBufferSize();

    Worker worker();

    Session session();

    Heartbeat heartbeat();

    Reconnect reconnect();

    Shutdown shutdown();

    /** Liveness: how long an event loop may stall before the process counts as wedged. */
    LivenessConfig liveness();

    /** TLS on internal gRPC (env {@code GW_TLS_*}, shared by all services); plaintext unless enabled. */
    TlsConfig tls();

    /** gRPC keepalive of the channels to the registers: a dead register is noticed within seconds. */
    KeepAliveConfig keepAlive();

    TransportConfig.TcpConfig tcp();

    TransportConfig.WebSocketConfig websocket();

    /** The streams from workers. */
    interface Worker {

        /** Unacknowledged events per worker stream at most (a worker may ask for fewer). */
        @WithDefault("1024")
        int maxInFlight();

        /**
         * Events waiting per worker stream when its window is full, and events waiting for any
         * worker when none is connected. Past it the clients adding to it have their reading paused
         * until it is back under half (docs/backpressure.md); no event is refused.
         */
        @WithDefault("10000")
        int queueSize();

        /** Message payload bytes waiting per worker stream when its window is full; past it, as {@link #queueSize}. */
        @WithDefault("16777216")
        long queueBytes();

        /**
         * Events of one client not yet acknowledged by a worker (in flight, waiting, parked). A client
         * that reaches it has its reading paused until it is back under half, so that one client
         * cannot take a worker's whole window from the others.
         */
        @WithDefault("256")
        int clientPendingEvents();

        /** Message payload bytes of one client not yet acknowledged; past it, as {@link #clientPendingEvents}. */
        @WithDefault("1048576")
        long clientPendingBytes();

        /** Messages per stream frame at most. */
        @WithDefault("256")
        int batchSize();

        /** Serialized bytes per stream frame at most (a single larger message travels alone). */
        @WithDefault("1048576")
        int batchBytes();

        /**
         * Largest frame on a worker stream, either way (keep it equal to the workers'
         * {@code worker.link.max-inbound-frame-size}). Inbound it is gRPC's limit: a larger frame ends
         * that stream with RESOURCE_EXHAUSTED (application.properties applies it to the gRPC server).
         * Outbound, a query result that would not fit is answered with a QueryError instead, so a big
         * answer never breaks the stream.
         */
        @WithDefault("16777216")
        int maxFrameSize();
    }

    /** Client sessions (GatewayWorker's $_SESSION). */
    interface Session {

        /**
         * Largest session per client, serialized bytes (keys and JSON values). A write that would make
         * a session larger is refused with LIMIT_EXCEEDED and changes nothing. Sessions travel with every
         * event of their client and in session queries, so this keeps events far below the stream's frame
         * limit.
         */
        @WithDefault("1048576")
        int maxBytes();
    }

    /**
     * Graceful shutdown (SIGTERM): readiness goes down and new clients are refused at once; existing
     * clients keep working for the drain period, then are closed with going-away (1001) and their
     * onClose delivered to the workers; then the gateway leaves the registers.
     */
    interface Shutdown {

        /** How long existing clients keep working after the shutdown began (ends early once none is left). */
        @WithDefault("5s")
        Duration drainPeriod();

        /**
         * After the drain period: how long the workers get to acknowledge the events in flight, the
         * clients to be closed (their pending output written first) and the workers to acknowledge
         * their onClose, before the gateway stops anyway.
         */
        @WithDefault("10s")
        Duration closeTimeout();
    }

    /**
     * Client heartbeat (GatewayWorker's pingInterval, pingNotResponseLimit, pingData): every interval
     * the gateway pings each client and counts the intervals in which the client sent nothing at all
     * (no message, no pong); past the limit it closes the client with HEARTBEAT_TIMEOUT.
     */
    interface Heartbeat {

        /** How often clients are pinged and their silence counted; 0 turns the heartbeat off. */
        @WithDefault("25s")
        Duration interval();

        /**
         * Intervals in a row without any inbound traffic after which a client is closed, so a silent
         * client goes after between {@code missedLimit} and {@code missedLimit + 1} intervals; 0 only
         * pings and never closes.
         */
        @WithDefault("2")
        int missedLimit();

        /**
         * What a TCP client is pinged with, framed by the listener's codec (a text line, or a frame);
         * unset or empty: TCP clients are not pinged, only closed when silent (they must send their
         * own heartbeat). WebSocket clients always get ping frames, which browsers answer by themselves.
         */
        Optional<String> tcpData();
    }

    /** Backoff between attempts to re-join a register. */
    interface Reconnect {

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }
}
