package io.gatewayworker.worker.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.Commands;
import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.api.AsyncQueries;
import io.gatewayworker.worker.api.ClientContext;
import io.gatewayworker.worker.api.ClusterQueries;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.config.WorkerConfig;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;
import io.gatewayworker.worker.link.GatewayUnavailableException;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;

/**
 * The {@link Gateway} API over this worker's gateway streams: commands about one client go to the
 * gateway its id names, everything else to every gateway in the view; queries go through
 * {@link QueryRunner}.
 */
@ApplicationScoped
public class ClusterGateway implements Gateway {

    private static final Logger LOG = Logger.getLogger(ClusterGateway.class);

    private final GatewayConnections connections;
    private final SessionCodec codec;
    private final WorkerMetrics metrics;
    private final QueryRunner runner;
    private final UniQueries async;
    private final BlockingQueries queries;
    private final LinkLimits limits;

    @Inject
    public ClusterGateway(GatewayConnections connections, WorkerConfig config, SessionCodec codec,
            WorkerMetrics metrics) {
        this(connections, config.queryTimeout(), codec, metrics, LinkLimits.from(config));
    }

    public ClusterGateway(GatewayConnections connections, Duration queryTimeout, SessionCodec codec,
            WorkerMetrics metrics) {
        this(connections, queryTimeout, codec, metrics, LinkLimits.DEFAULTS);
    }

    public ClusterGateway(GatewayConnections connections, Duration queryTimeout, SessionCodec codec,
            WorkerMetrics metrics, LinkLimits limits) {
        this.limits = limits;
        this.connections = connections;
        this.codec = codec;
        this.metrics = metrics;
        this.runner = new QueryRunner(connections, queryTimeout, metrics);
        this.async = new UniQueries(connections, runner, codec);
        this.queries = new BlockingQueries(async, runner);
    }

    // ------------------------------------------------------------------ sends

    @Override
    public void sendToClient(String clientId, String text) {
        sendToClients(List.of(ClientIds.requireValid(clientId)), Commands.text(text));
    }

    @Override
    public void sendToClient(String clientId, byte[] bytes) {
        sendToClients(List.of(ClientIds.requireValid(clientId)), Commands.binary(bytes));
    }

    @Override
    public void sendToClient(String clientId, OutboundMessage message) {
        sendToClients(List.of(ClientIds.requireValid(clientId)), message.toPayload());
    }

    @Override
    public void sendToClients(Collection<String> clientIds, String text) {
        sendToClients(clientIds, Commands.text(text));
    }

    @Override
    public void sendToClients(Collection<String> clientIds, byte[] bytes) {
        sendToClients(clientIds, Commands.binary(bytes));
    }

    @Override
    public void sendToClients(Collection<String> clientIds, OutboundMessage message) {
        sendToClients(clientIds, message.toPayload());
    }

    @Override
    public void sendToCurrentClient(String text) {
        current("sendToCurrentClient").send(text);
    }

    @Override
    public void sendToCurrentClient(byte[] bytes) {
        current("sendToCurrentClient").send(bytes);
    }

    @Override
    public void sendToAll(String text, String... excludeClientIds) {
        fanOut(Commands.send(Commands.all(), Commands.text(text), Arrays.asList(excludeClientIds)));
    }

    @Override
    public void sendToAll(byte[] bytes, String... excludeClientIds) {
        fanOut(Commands.send(Commands.all(), Commands.binary(bytes), Arrays.asList(excludeClientIds)));
    }

    @Override
    public void sendToAll(OutboundMessage message, String... excludeClientIds) {
        fanOut(Commands.send(Commands.all(), message.toPayload(), Arrays.asList(excludeClientIds)));
    }

    @Override
    public void sendToGroup(String group, String text, String... excludeClientIds) {
        sendToGroups(Collections.singletonList(group), Commands.text(text), Arrays.asList(excludeClientIds));
    }

    @Override
    public void sendToGroup(String group, byte[] bytes, String... excludeClientIds) {
        sendToGroups(Collections.singletonList(group), Commands.binary(bytes), Arrays.asList(excludeClientIds));
    }

    @Override
    public void sendToGroups(Collection<String> groups, String text, Collection<String> excludeClientIds) {
        sendToGroups(groups, Commands.text(text), excludeClientIds);
    }

    @Override
    public void sendToGroups(Collection<String> groups, byte[] bytes, Collection<String> excludeClientIds) {
        sendToGroups(groups, Commands.binary(bytes), excludeClientIds);
    }

    @Override
    public void sendToGroups(Collection<String> groups, OutboundMessage message, Collection<String> excludeClientIds) {
        sendToGroups(groups, message.toPayload(), excludeClientIds);
    }

    @Override
    public void sendToUid(String uid, String text) {
        sendToUids(Collections.singletonList(uid), Commands.text(text));
    }

    @Override
    public void sendToUid(String uid, byte[] bytes) {
        sendToUids(Collections.singletonList(uid), Commands.binary(bytes));
    }

    @Override
    public void sendToUids(Collection<String> uids, String text) {
        sendToUids(uids, Commands.text(text));
    }

    @Override
    public void sendToUids(Collection<String> uids, byte[] bytes) {
        sendToUids(uids, Commands.binary(bytes));
    }

    @Override
    public void sendToUids(Collection<String> uids, OutboundMessage message) {
        sendToUids(uids, message.toPayload());
    }

    // ------------------------------------------------------------------ connections

    @Override
    public void closeClient(String clientId) {
        deliver(owner(clientId), Commands.close(List.of(clientId), null, false));
    }

    @Override
    public void closeClient(String clientId, String finalMessage) {
        deliver(owner(clientId), Commands.close(List.of(clientId), Commands.text(finalMessage), false));
    }

    @Override
    public void closeClient(String clientId, OutboundMessage finalMessage) {
        deliver(owner(clientId), Commands.close(List.of(clientId), finalMessage.toPayload(), false));
    }

    @Override
    public void destroyClient(String clientId) {
        deliver(owner(clientId), Commands.close(List.of(clientId), null, true));
    }

    @Override
    public void closeCurrentClient() {
        current("closeCurrentClient").close();
    }

    @Override
    public Optional<ClientContext> currentClient() {
        return CurrentClient.get().map(CurrentClient.Handled::context);
    }

    // ------------------------------------------------------------------ groups and uids

    @Override
    public void joinGroup(String clientId, String group) {
        deliver(owner(clientId), Commands.joinGroup(clientId, ClientIds.requireName(group, "group")));
    }

    @Override
    public void leaveGroup(String clientId, String group) {
        deliver(owner(clientId), Commands.leaveGroup(clientId, ClientIds.requireName(group, "group")));
    }

    @Override
    public void ungroup(String group) {
        fanOut(Commands.ungroup(List.of(ClientIds.requireName(group, "group"))));
    }

    @Override
    public void bindUid(String clientId, String uid) {
        deliver(owner(clientId), Commands.bindUid(clientId, ClientIds.requireName(uid, "uid")));
    }

    @Override
    public void unbindUid(String clientId, String uid) {
        deliver(owner(clientId), Commands.unbindUid(clientId, ClientIds.requireName(uid, "uid")));
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public void setSession(String clientId, Map<String, ?> session) {
        writeSession(clientId, session, true);
    }

    @Override
    public void updateSession(String clientId, Map<String, ?> values) {
        writeSession(clientId, values, false);
    }

    private void writeSession(String clientId, Map<String, ?> values, boolean replace) {
        GatewayConnection owner = owner(clientId);
        Map<String, ByteString> json = codec.encodeAll(values);
        // What the session will hold, as far as this worker knows: all of it for a replace or for the
        // handled client, else the written values (the gateway checks the whole session again).
        Map<String, ByteString> after = json;
        Optional<CurrentClient.Handled> handled = CurrentClient.ifClient(clientId);
        if (!replace && handled.isPresent()) {
            after = new LinkedHashMap<>(handled.get().session().storedValues());
            after.putAll(json);
        }
        limits.checkSession(clientId, after, 0);
        deliver(owner, Commands.writeSession(clientId, replace, json, List.of()));
        // GatewayWorker's setSession on the current client changes $_SESSION too: the handler then
        // sees the values, and the write-back after it does not repeat them. That write-back still
        // follows (empty if need be) and carries the event's seq, which tells the client's next
        // event whether its snapshot includes this write (EventDispatcher, WrittenSessions).
        handled.ifPresent(client -> client.session().stored(json, replace));
    }

    // ------------------------------------------------------------------ queries about one client

    @Override
    public boolean isOnline(String clientId) {
        return runner.await("isOnline", async.isOnline(clientId));
    }

    @Override
    public Optional<Map<String, Object>> getSession(String clientId) {
        return runner.await("getSession", async.getSession(clientId));
    }

    @Override
    public Optional<String> getUidByClientId(String clientId) {
        return runner.await("getUidByClientId", async.getUidByClientId(clientId));
    }

    @Override
    public ClusterQueries queries() {
        return queries;
    }

    @Override
    public AsyncQueries async() {
        return async;
    }

    // ------------------------------------------------------------------ routing

    /** The sizes commands and sessions are checked against before they are sent. */
    public LinkLimits limits() {
        return limits;
    }

    /**
     * Queues a command on one gateway's stream.
     *
     * @throws GatewayUnreachableException when the stream is not open or its queue is full
     * @throws IllegalArgumentException      when the command is larger than a frame may be (nothing is sent)
     */
    public void deliver(GatewayConnection gateway, Command command) {
        limits.checkCommand(command);
        try {
            gateway.send(command);
        } catch (GatewayUnavailableException e) {
            throw new GatewayUnreachableException(e.gatewayId(), e.getMessage(), e);
        }
    }

    /** The connection to the gateway owning the client. */
    private GatewayConnection owner(String clientId) {
        String gatewayId = ClientIds.gatewayOf(clientId);
        return connections.byId(gatewayId).orElseThrow(() -> new GatewayUnreachableException(gatewayId,
                "gateway " + gatewayId + " of client " + clientId + " is not in this worker's view", null));
    }

    private void sendToClients(Collection<String> clientIds, Payload payload) {
        Map<String, List<String>> byGateway = new LinkedHashMap<>();
        for (String clientId : new LinkedHashSet<>(clientIds)) {
            byGateway.computeIfAbsent(ClientIds.gatewayOf(clientId), id -> new ArrayList<>()).add(clientId);
        }
        GatewayUnreachableException failed = null;
        for (Map.Entry<String, List<String>> recipients : byGateway.entrySet()) {
            try {
                // Reaching the other gateways' clients does not depend on this one.
                deliver(owner(recipients.getValue().get(0)),
                        Commands.send(Commands.clients(recipients.getValue()), payload, List.of()));
            } catch (GatewayUnreachableException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void sendToGroups(Collection<String> groups, Payload payload, Collection<String> excludeClientIds) {
        if (groups.isEmpty()) {
            return;
        }
        groups.forEach(group -> ClientIds.requireName(group, "group"));
        fanOut(Commands.send(Commands.groups(new LinkedHashSet<>(groups)), payload, excludeClientIds));
    }

    private void sendToUids(Collection<String> uids, Payload payload) {
        if (uids.isEmpty()) {
            return;
        }
        uids.forEach(uid -> ClientIds.requireName(uid, "uid"));
        fanOut(Commands.send(Commands.uids(new LinkedHashSet<>(uids)), payload, List.of()));
    }

    /** Sends the command to every gateway with an open stream; the others' clients miss it. */
    private void fanOut(Command command) {
        limits.checkCommand(command);
        for (GatewayConnection gateway : connections.all()) {
            if (!gateway.isOpen()) {
                skipped(gateway, command, "stream not open");
                continue;
            }
            try {
                gateway.send(command);
            } catch (GatewayUnavailableException e) {
                skipped(gateway, command, e.getMessage());
            }
        }
    }

    private void skipped(GatewayConnection gateway, Command command, String why) {
        metrics.fanOutSkipped();
        LOG.debugf("%s command not sent to gateway %s: %s", command.getKindCase(), gateway.gatewayId(), why);
    }

    private static ClientContext current(String method) {
        return CurrentClient.get().map(CurrentClient.Handled::context).orElseThrow(() -> new IllegalStateException(
                "Gateway." + method + " called outside an Events handler: there is no current client"));
    }
}
