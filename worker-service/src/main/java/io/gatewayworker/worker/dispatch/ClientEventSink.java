package io.gatewayworker.worker.dispatch;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.worker.link.GatewayConnection;

/**
 * Where gateway streams hand the client events they receive. Called on an event loop: the
 * implementation must return at once and run application code elsewhere. After the handler
 * returned it writes the session back and acks through {@code source}.
 */
public interface ClientEventSink {

    void accept(GatewayConnection source, ClientEvent event);

    /**
     * A stream to the gateway opened (its GatewayHello arrived); {@code source} is what this
     * stream's events will come with. Called on an event loop.
     */
    default void streamOpened(GatewayConnection source) {
    }

    /** A gateway left the view: the sink may release what it holds for that gateway's clients. */
    default void gatewayGone(String gatewayId) {
    }
}
