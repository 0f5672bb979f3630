package io.gatewayworker.gateway.routing;

import java.util.ArrayDeque;

import io.gatewayworker.proto.link.ClientEvent;

/**
 * One client's place in the routing: the worker it is bound to, its event sequence, and the
 * events not yet handed to a worker. All fields are guarded by this object's monitor, which
 * {@link WorkerRouter} holds while it routes the client's events; that is what keeps one client's
 * events in order across re-binding. Idle clients hold no queue.
 */
public final class ClientRoute {

    private final String clientId;

    /** The worker this client is bound to; null until bound, or while no worker is connected. */
    WorkerLane lane;
    /** Events not yet handed to a worker, oldest first; null when none. */
    ArrayDeque<ClientEvent> backlog;
    /** Sequence number of the last event stamped. */
    long seq;
    /** How many of {@link #backlog} the router counts as parked. */
    int parkedCount;

    public ClientRoute(String clientId) {
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }

    /** Id of the worker this client is bound to, or null. */
    public synchronized String workerId() {
        return lane == null ? null : lane.workerId();
    }

    void append(ClientEvent event) {
        if (backlog == null) {
            backlog = new ArrayDeque<>(2);
        }
        backlog.addLast(event);
    }

    void dropLast() {
        backlog.removeLast();
        if (backlog.isEmpty()) {
            backlog = null;
        }
    }

    /** Puts events that were sent earlier in front of whatever is waiting. */
    void prepend(ArrayDeque<ClientEvent> earlier) {
        if (earlier == null || earlier.isEmpty()) {
            return;
        }
        if (backlog != null) {
            earlier.addAll(backlog);
        }
        backlog = earlier;
    }

    @Override
    public String toString() {
        return clientId;
    }
}
