package io.gatewayworker.gateway.hub;

import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.protobuf.UnsafeByteOperations;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.LimitCloseLog;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.routing.ClientRoute;
import io.gatewayworker.gateway.routing.WorkerLane;
import io.gatewayworker.gateway.routing.WorkerRouter;
import io.gatewayworker.gateway.shutdown.ShutdownState;
import io.gatewayworker.gateway.state.GroupMembership;
import io.gatewayworker.gateway.state.SessionStore;
import io.gatewayworker.gateway.state.UidBindings;
import io.gatewayworker.proto.link.Adopted;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Closed;
import io.gatewayworker.proto.link.Connected;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.proto.link.WebSocketConnected;
import io.vertx.core.buffer.Buffer;

/**
 * Where transports report their connections: admits them, turns what they report into client
 * events for the workers, and forgets a client's state when it closes.
 * <p>
 * A connection is refused with NO_WORKER while no worker is connected (readiness keeps clients away
 * then anyway), with CONNECTION_LIMIT past {@code gateway.max-connections}, and with GOING_AWAY once
 * the gateway is shutting down; what clients send once it closes them is not read. No event is
 * refused once a client is admitted: when it cannot be queued, the router pauses reading the client
 * instead (backpressure). Runs on connection event loops and never blocks.
 */
@ApplicationScoped
public class ClientHub implements ConnectionListener {

    private static final Logger LOG = Logger.getLogger(ClientHub.class);

    private final ConnectionRegistry registry;
    private final WorkerRouter router;
    private final GroupMembership groups;
    private final UidBindings uids;
    private final SessionStore sessions;
    private final GatewayMetrics metrics;
    private final ShutdownState shutdown;

    public ClientHub(ConnectionRegistry registry, WorkerRouter router, GroupMembership groups, UidBindings uids,
            SessionStore sessions, GatewayMetrics metrics, ShutdownState shutdown) {
        this.registry = registry;
        this.router = router;
        this.groups = groups;
        this.uids = uids;
        this.sessions = sessions;
        this.metrics = metrics;
        this.shutdown = shutdown;
        router.onWorkerLeaving(this::adoptClientsOf);
    }

    @Override
    public Admission opened(Connection connection) {
        if (!shutdown.acceptsClients()) {
            return refuse(connection, CloseReason.GOING_AWAY);
        }
        if (!router.hasWorker()) {
            return refuse(connection, CloseReason.NO_WORKER);
        }
        ConnectedClient client = registry.tryAdd(connection);
        if (client == null) {
            return refuse(connection, CloseReason.CONNECTION_LIMIT);
        }
        router.dispatch(client.route(), event(connection, sessions.get(client.clientId()))
                .setConnect(Connected.getDefaultInstance()));
        metrics.connected(connection.transport());
        return Admission.ACCEPTED;
    }

    @Override
    public void handshake(Connection connection, String path, String query, Map<String, String> headers) {
        WebSocketConnected handshake = WebSocketConnected.newBuilder()
                .setPath(path == null ? "" : path)
                .setQuery(query == null ? "" : query)
                .putAllHeaders(headers == null ? Map.of() : headers)
                .build();
        forward(connection, event -> event.setWebsocketConnect(handshake));
    }

    @Override
    public void received(Connection connection, boolean binary, Buffer data) {
        metrics.received(connection.transport(), data.length());
        if (!shutdown.readsClients()) {
            metrics.dropped(GatewayMetrics.Drop.GOING_AWAY);
            return; // being closed with going-away: what it sends now would get no answer
        }
        Payload message = Payload.newBuilder()
                .setKind(binary ? Payload.Kind.BINARY : Payload.Kind.TEXT)
                // getBytes() is a fresh copy nobody else holds, so wrapping it is safe.
                .setData(UnsafeByteOperations.unsafeWrap(data.getBytes()))
                .build();
        forward(connection, event -> event.setMessage(message));
    }

    @Override
    public void closed(Connection connection, int code, String reason) {
        ConnectedClient client = registry.remove(connection.clientId());
        if (client == null) {
            return; // refused at admission, or reported twice
        }
        client.markClosed();
        metrics.disconnected(connection.transport());
        String clientId = client.clientId();
        Session last = sessions.get(clientId);
        groups.removeClient(clientId);
        uids.removeClient(clientId);
        sessions.remove(clientId);
        Closed close = Closed.newBuilder().setCode(code).setReason(reason == null ? "" : reason).build();
        router.dispatch(client.route(), event(connection, last).setClose(close));
    }

    /** Routes an event of a connected client. */
    private void forward(Connection connection, Consumer<ClientEvent.Builder> kind) {
        ConnectedClient client = registry.get(connection.clientId());
        if (client == null) {
            return; // closed meanwhile: its close event is on its way
        }
        ClientEvent.Builder event = event(connection, sessions.get(client.clientId()));
        kind.accept(event);
        router.dispatch(client.route(), event);
    }

    /**
     * A worker was lost or drains: each open client still bound to it (one whose events there were all
     * handled, or that waits for them to be) moves to another worker with an {@code adopted} event, so
     * that some worker knows every client and delivers its onClose should this gateway die. Without it
     * an idle client would be known to no worker until it sent something. One pass over the clients.
     */
    private void adoptClientsOf(WorkerLane lane) {
        int adopted = 0;
        for (ConnectedClient client : registry.all()) {
            ClientRoute route = client.route();
            if (!route.isBoundTo(lane)) {
                continue;
            }
            Connection connection = client.connection();
            boolean[] moved = new boolean[1];
            // Under the client's monitor: a client closing now either closed first (nothing owed) or
            // gets its close event after this one.
            client.ifOpen(() -> moved[0] = router.adopt(route, lane,
                    event(connection, sessions.get(client.clientId())).setAdopted(Adopted.getDefaultInstance())));
            adopted += moved[0] ? 1 : 0;
        }
        if (adopted > 0) {
            LOG.infof("worker %s left: %d idle client(s) moved to other workers (adopted)", lane.workerId(), adopted);
        }
    }

    private Admission refuse(Connection connection, CloseReason reason) {
        metrics.refused(reason);
        LimitCloseLog.closed(connection, reason);
        return Admission.refused(reason);
    }

    /**
     * An event with the client's session as it is now, including its {@code written_through_seq}:
     * a worker whose write-back has not landed yet sees from it that this snapshot predates it.
     */
    private static ClientEvent.Builder event(Connection connection, Session session) {
        return ClientEvent.newBuilder()
                .setClientId(connection.clientId())
                .setRemoteAddress(connection.remoteAddress() == null ? "" : connection.remoteAddress())
                .setTransport(switch (connection.transport()) {
                    case WEBSOCKET -> io.gatewayworker.proto.link.Transport.WEBSOCKET;
                    case TCP -> io.gatewayworker.proto.link.Transport.TCP;
                })
                .setSession(session);
    }
}
