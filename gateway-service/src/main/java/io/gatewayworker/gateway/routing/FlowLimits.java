package io.gatewayworker.gateway.routing;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.proto.link.ClientEvent;

/**
 * The bounds that keep events from piling up in the gateway. Past any of them the client whose event
 * crossed it has its reading paused (its event is kept); it resumes once acknowledgements brought it
 * back under half of each bound (hysteresis, so that a client at the limit does not flap).
 * <p>
 * Bytes are message payload bytes: what a flood is made of, and stable while an event is re-stamped.
 *
 * @param queueEvents  events waiting per worker stream behind its in-flight window, and events parked
 *                     while no worker can take them
 * @param queueBytes   payload bytes waiting per worker stream behind its window
 * @param clientEvents events of one client not acknowledged yet (in flight, waiting, parked)
 * @param clientBytes  payload bytes of one client not acknowledged yet
 */
public record FlowLimits(int queueEvents, long queueBytes, int clientEvents, long clientBytes) {

    /** The configured bounds ({@code gateway.worker.*}). */
    public static FlowLimits of(GatewayConfig.Worker config) {
        return new FlowLimits(config.queueSize(), config.queueBytes(), config.clientPendingEvents(),
                config.clientPendingBytes());
    }

    /** Per-worker and parking bounds as given, the per-client ones off (tests of the router alone). */
    public static FlowLimits queueOnly(int queueEvents) {
        return new FlowLimits(queueEvents, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /** Whether one client holds as much as it may: pause it. */
    boolean clientFull(long events, long bytes) {
        return events >= clientEvents || bytes >= clientBytes;
    }

    /** Whether one client is back under half its bounds: it may read again. */
    boolean clientRelieved(long events, long bytes) {
        return events <= clientEvents / 2 && bytes <= clientBytes / 2;
    }

    /** Whether a worker stream's waiting queue is full: its clients pause. */
    boolean queueFull(long events, long bytes) {
        return events >= queueEvents || bytes >= queueBytes;
    }

    /** Whether a worker stream's waiting queue is back under half its bounds: its paused clients may read. */
    boolean queueRelieved(long events, long bytes) {
        return events <= queueEvents / 2 && bytes <= queueBytes / 2;
    }

    /** The weight of an event against the byte bounds: its message payload (connect, close: 0). */
    static int bytesOf(ClientEvent event) {
        return event.getMessage().getData().size();
    }
}
