package io.gatewayworker.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gatewayworker.support.health.LivenessConfig;
import io.gatewayworker.support.keepalive.KeepAliveConfig;
import io.gatewayworker.support.tls.TlsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the worker, under the {@code worker} prefix. Each property can be overridden by
 * its environment-variable form ({@code worker.max-in-flight} -> {@code WORKER_MAX_IN_FLIGHT}).
 */
@ConfigMapping(prefix = "worker")
public interface WorkerConfig {

    /** This worker's id, as gateways and logs know it; "w-" + 8 random hex chars when not set. */
    Optional<String> id();

    /** Cluster secret sent as {@code x-gw-secret} on every internal gRPC call. */
    String secretKey();

    /**
     * Start even when the secret or the push token is a placeholder ({@code CHANGE-ME...}) or shorter
     * than 16 characters (env {@code GW_ALLOW_PLACEHOLDER_SECRET}); true in dev and test, false otherwise.
     */
    @WithDefault("false")
    boolean allowPlaceholderSecret();

    /** host:port of every register; the worker watches all of them and merges their views. */
    List<String> registerAddresses();

    /** Unacknowledged events each gateway may have outstanding on this worker's stream (WorkerHello). */
    @WithDefault("1024")
    int maxInFlight();

    /**
     * Most threads that run the application's handlers. Handlers may block, so up to this many run at
     * once while they do; while they compute, only as many run as there are cores (waking more on a
     * small machine cost a thread hand-off per event and slowed the echo load by 40% at 32 threads on 2
     * cores). A blocked handler is one waiting on a lock, a future or a sleep, or, when none of the
     * running handlers finished for 5 ms, one stuck in I/O. So this bounds the handlers blocked at once,
     * not the CPU they use.
     */
    @WithDefault("32")
    int handlerThreads();

    /** How long a cluster-wide query waits for the gateways' answers. */
    @WithDefault("3s")
    Duration queryTimeout();

    /**
     * On shutdown: how long to wait for the gateways to stop sending events and for the events
     * received until then to be handled and acknowledged, before the streams close (the gateways
     * re-deliver whatever is still unacknowledged).
     */
    @WithDefault("10s")
    Duration drainTimeout();

    /**
     * After a gateway left the register view, how long to wait before delivering onClose for the
     * clients last handled here: a gateway that only lost its register stream for a moment re-joins,
     * the stream to it opens again, and no onClose is delivered for its still-connected clients.
     */
    @WithDefault("5s")
    Duration gatewayLostGrace();

    Reconnect reconnect();

    Discovery discovery();

    Link link();

    SessionConfig session();

    Example example();

    /** Liveness: how long an event loop may stall before the process counts as wedged. */
    LivenessConfig liveness();

    /** TLS on internal gRPC (env {@code GW_TLS_*}, shared by all services); plaintext unless enabled. */
    TlsConfig tls();

    /** gRPC keepalive of the channels to registers and gateways: a dead peer is noticed within seconds. */
    KeepAliveConfig keepAlive();

    // Application-facing settings (dispatch, example app, ...) go below as nested interfaces,
    // e.g. `Example example();` for `worker.example.*`.

    /** Backoff between attempts to reach a register or a gateway again. */
    interface Reconnect {

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    /** Watching the registers. */
    interface Discovery {

        /**
         * After a register restart, its first view may miss gateways that have not re-joined it yet:
         * such gateways stay in this worker's view this long (or until the register lists them
         * again, or says they left) instead of being dropped with their clients.
         */
        @WithDefault("10s")
        Duration rejoinGrace();
    }

    /** The streams to the gateways. */
    interface Link {

        /** Commands and queries waiting to be written per gateway stream; a send beyond it fails. */
        @WithDefault("10000")
        int outboundQueueSize();

        /** Messages per stream frame at most. */
        @WithDefault("256")
        int batchSize();

        /** Serialized bytes per stream frame at most (a single larger message travels alone). */
        @WithDefault("1048576")
        int batchBytes();

        /** Largest frame accepted from a gateway, bytes (keep it equal to the gateways' {@code gateway.worker.max-frame-size}). */
        @WithDefault("16777216")
        int maxInboundFrameSize();

        /**
         * Largest command sent to a gateway, bytes (at most the gateways' {@code gateway.worker.max-frame-size},
         * which ends a stream that carries a larger frame). A larger send, session write or close message is
         * refused with IllegalArgumentException before anything is sent.
         */
        @WithDefault("16777216")
        int maxOutboundFrameSize();
    }

    /** Client sessions as this worker writes them. */
    interface SessionConfig {

        /**
         * Largest session per client, serialized bytes (keep it equal to the gateways'
         * {@code gateway.session.max-bytes}). setSession/updateSession past it throw IllegalArgumentException;
         * a handler's write-back past it is not stored (logged as an error; the event is still acknowledged).
         */
        @WithDefault("1048576")
        int maxBytes();
    }

    /** The example chat application (used when the application provides no Events bean of its own). */
    interface Example {

        /** false: the example ignores every event (connections stay open, nobody is answered). */
        @WithDefault("true")
        boolean enabled();
    }
}
