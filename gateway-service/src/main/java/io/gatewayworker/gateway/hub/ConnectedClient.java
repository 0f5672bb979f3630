package io.gatewayworker.gateway.hub;

import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.routing.ClientRoute;
import io.gatewayworker.gateway.routing.ReadThrottle;

/**
 * A client connected to this gateway: its connection and its routing state. Its groups, uid and
 * session live in the state stores, keyed by client id.
 * <p>
 * State changes for the client run through {@link #ifOpen}, and closing marks it under the same
 * monitor before its state is cleaned, so no change can land after the clean-up and leak.
 */
public final class ConnectedClient implements ReadThrottle {

    private final Connection connection;
    private final ClientRoute route;
    private boolean closed;

    ConnectedClient(Connection connection) {
        this.connection = connection;
        this.route = new ClientRoute(connection.clientId(), this); // throttles its connection, no extra objects
    }

    public String clientId() {
        return connection.clientId();
    }

    public Connection connection() {
        return connection;
    }

    public ClientRoute route() {
        return route;
    }

    /** Pauses reading the client's connection (the router's backpressure). */
    @Override
    public void pauseReading() {
        connection.pauseReading();
    }

    /** Reads the client's connection again. */
    @Override
    public void resumeReading() {
        connection.resumeReading();
    }

    /** Applies {@code change} unless the client has closed; returns whether it did. */
    public synchronized boolean ifOpen(Runnable change) {
        if (closed) {
            return false;
        }
        change.run();
        return true;
    }

    synchronized void markClosed() {
        closed = true;
    }
}
