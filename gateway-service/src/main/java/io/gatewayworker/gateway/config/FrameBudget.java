package io.gatewayworker.gateway.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a gateway whose limits would let one client event outgrow a frame of the worker
 * streams: an event carries the client's message and its whole session, and a frame over the workers'
 * limit ends the stream (every event in flight re-delivered, again and again). So the largest client
 * message plus {@code gateway.session.max-bytes} plus room for the handshake headers must fit in
 * {@code gateway.worker.max-frame-size}. The defaults (1 MiB + 1 MiB against 16 MiB) leave plenty.
 */
@ApplicationScoped
public class FrameBudget {

    /** Room for an event's other fields: ids, the remote address, a WebSocket handshake's headers. */
    static final int EVENT_OVERHEAD = 64 * 1024;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup, GatewayConfig config) {
        check(config.worker().maxFrameSize(), config.session().maxBytes(), config.websocket().maxMessageSize(),
                config.tcp().maxFrameSize());
    }

    /**
     * @throws IllegalStateException naming the settings when the largest event would not fit in a frame
     */
    static void check(int maxFrameSize, int maxSessionBytes, int maxWebSocketMessage, int maxTcpMessage) {
        long largestEvent = (long) maxSessionBytes + Math.max(maxWebSocketMessage, maxTcpMessage) + EVENT_OVERHEAD;
        if (largestEvent > maxFrameSize) {
            throw new IllegalStateException("gateway.session.max-bytes (" + maxSessionBytes
                    + ") plus the largest client message (gateway.websocket.max-message-size " + maxWebSocketMessage
                    + ", gateway.tcp.max-frame-size " + maxTcpMessage + ") plus " + EVENT_OVERHEAD
                    + " bytes for the rest of an event must fit in gateway.worker.max-frame-size (" + maxFrameSize
                    + "): raise it (and the workers' worker.link.max-inbound-frame-size) or lower the others");
        }
    }
}
