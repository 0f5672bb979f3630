package io.gatewayworker.client;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.support.security.ClusterSecret;
import io.grpc.ManagedChannel;

/**
 * GatewayWorker's {@code GatewayClient} for any JVM application: sends to, groups, binds, closes
 * and queries the cluster's clients without running a worker. It watches the registers for the
 * gateways ({@code Register.Watch}) and calls each gateway's {@code GatewayLink.Execute} with the
 * cluster secret.
 * <p>
 * Routing: a call about one client goes only to the gateway owning it (the first 12 characters of
 * its id); everything else goes to every gateway in the view, and query answers are merged. A client
 * whose gateway is not in the view is offline: commands on it do nothing and queries say so, as
 * GatewayWorker does for an offline client.
 * <p>
 * Failures are never silent: a gateway that does not answer within {@link Builder#queryTimeout}
 * makes a query {@linkplain ClientResult#partial() partial} and a command throw
 * {@link GatewayClientException} naming it; a wrong secret throws with
 * {@link GatewayClientException.Reason#UNAUTHENTICATED}. Every method blocks the calling thread (at
 * most about twice the query timeout) and is thread-safe.
 *
 * <pre>{@code
 * try (GatewayClient client = GatewayClient.builder()
 *         .registerAddresses(List.of("127.0.0.1:1238")).secret(System.getenv("GW_SECRET_KEY")).build()) {
 *     client.sendToGroup("room-1", "{\"type\":\"notice\"}");
 *     long online = client.getClientCountByGroup("room-1").value();
 * }
 * }</pre>
 */
public final class GatewayClient implements AutoCloseable {

    private final Map<String, ManagedChannel> registerChannels = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Membership membership;
    private final ClusterCalls calls;
    private final QueryMerge queries;

    private GatewayClient(Builder builder) {
        ClusterSecret secret = new ClusterSecret(builder.secret, "GatewayClient secret");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gateway-client-reconnect");
            thread.setDaemon(true);
            return thread;
        });
        for (String address : builder.registerAddresses) {
            registerChannels.put(address, ClusterCalls.channel(secret, address));
        }
        this.membership = new Membership(registerChannels, builder.name, scheduler);
        this.calls = new ClusterCalls(secret, builder.queryTimeout, membership);
        this.queries = new QueryMerge(calls);
        membership.start();
    }

    /** A builder; {@link Builder#secret} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link GatewayClient}. */
    public static final class Builder {
        private List<String> registerAddresses = List.of("127.0.0.1:1238");
        private String secret;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private String name = "gateway-client-" + UUID.randomUUID().toString().substring(0, 8);

        private Builder() {
        }

        /** The registers' gRPC addresses ({@code host:port}); default {@code 127.0.0.1:1238}. */
        public Builder registerAddresses(List<String> addresses) {
            if (addresses == null || addresses.isEmpty()) {
                throw new IllegalArgumentException("at least one register address is needed");
            }
            addresses.forEach(address -> Wire.requireName(address, "register address"));
            this.registerAddresses = List.copyOf(addresses);
            return this;
        }

        /** The cluster secret (the cluster's {@code GW_SECRET_KEY}); required. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /**
         * How long a gateway has to answer one call, and how long a call waits for a first view of the
         * cluster; default 5 seconds.
         */
        public Builder queryTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("queryTimeout must be positive");
            }
            this.queryTimeout = timeout;
            return this;
        }

        /** The name the registers list this watcher under (status, logs). */
        public Builder name(String name) {
            this.name = Wire.requireName(name, "name");
            return this;
        }

        /**
         * A client that starts watching the registers now.
         *
         * @throws IllegalStateException when the secret is missing, empty or not printable ASCII
         */
        public GatewayClient build() {
            return new GatewayClient(this);
        }
    }

    // ------------------------------------------------------------------ the view

    /**
     * Waits until the registers report at least {@code count} gateways (for startup).
     *
     * @return false when they did not within {@code timeout}
     * @throws GatewayClientException UNAUTHENTICATED when the registers refuse the secret
     */
    public boolean awaitGateways(int count, Duration timeout) {
        return membership.awaitGateways(count, timeout);
    }

    /** The gateways known now: id → internal gRPC address. */
    public Map<String, String> gateways() {
        return Collections.unmodifiableMap(membership.gateways());
    }

    // ------------------------------------------------------------------ sends

    /** Sends a text message to one client; nothing happens when it is offline. */
    public void sendToClient(String clientId, String message) {
        calls.toOwner(clientId, Wire.send(Wire.clients(List.of(clientId)), Wire.text(message), List.of()));
    }

    /** Sends a binary message to one client; nothing happens when it is offline. */
    public void sendToClient(String clientId, byte[] message) {
        calls.toOwner(clientId, Wire.send(Wire.clients(List.of(clientId)), Wire.binary(message), List.of()));
    }

    /** Sends a text message to every client of the cluster. */
    public void sendToAll(String message) {
        sendToAll(Wire.text(message), null, List.of());
    }

    /** Sends a binary message to every client of the cluster. */
    public void sendToAll(byte[] message) {
        sendToAll(Wire.binary(message), null, List.of());
    }

    /**
     * Sends a text message to {@code clientIds}, each once, except {@code exclude} (GatewayWorker's
     * {@code sendToAll($msg, $client_ids, $exclude)}). With ids, only the gateways owning them are
     * called, and an empty collection sends nothing; {@code null} means every client of the cluster.
     */
    public void sendToAll(String message, Collection<String> clientIds, Collection<String> exclude) {
        sendToAll(Wire.text(message), clientIds, exclude);
    }

    /** The binary form of {@link #sendToAll(String, Collection, Collection)}. */
    public void sendToAll(byte[] message, Collection<String> clientIds, Collection<String> exclude) {
        sendToAll(Wire.binary(message), clientIds, exclude);
    }

    /** Sends a text message to the members of a group. */
    public void sendToGroup(String group, String message) {
        sendToGroups(List.of(group), message, List.of());
    }

    /** Sends a text message to the members of a group, except {@code exclude}. */
    public void sendToGroup(String group, String message, Collection<String> exclude) {
        sendToGroups(List.of(group), message, exclude);
    }

    /** Sends a binary message to the members of a group, except {@code exclude}. */
    public void sendToGroup(String group, byte[] message, Collection<String> exclude) {
        calls.toAll(Wire.send(Wire.groups(Wire.names(List.of(group), "group")), Wire.binary(message), ids(exclude)));
    }

    /** Sends a text message to the members of any of {@code groups} (each once), except {@code exclude}. */
    public void sendToGroups(Collection<String> groups, String message, Collection<String> exclude) {
        calls.toAll(Wire.send(Wire.groups(Wire.names(groups, "group")), Wire.text(message), ids(exclude)));
    }

    /** Sends a text message to every connection bound to {@code uid}. */
    public void sendToUid(String uid, String message) {
        sendToUids(List.of(uid), message);
    }

    /** Sends a binary message to every connection bound to {@code uid}. */
    public void sendToUid(String uid, byte[] message) {
        calls.toAll(Wire.send(Wire.uids(Wire.names(List.of(uid), "uid")), Wire.binary(message), List.of()));
    }

    /** Sends a text message to every connection bound to any of {@code uids} (each once). */
    public void sendToUids(Collection<String> uids, String message) {
        calls.toAll(Wire.send(Wire.uids(Wire.names(uids, "uid")), Wire.text(message), List.of()));
    }

    private void sendToAll(Payload payload, Collection<String> clientIds, Collection<String> exclude) {
        List<String> excluded = ids(exclude);
        if (clientIds == null) {
            calls.toAll(Wire.send(Wire.all(), payload, excluded));
            return;
        }
        calls.toOwnersOf(clientIds, ids -> Wire.send(Wire.clients(ids), payload, excluded));
    }

    // ------------------------------------------------------------------ one client

    /** Closes a client after its pending output was sent. */
    public void closeClient(String clientId) {
        calls.toOwner(clientId, Wire.close(clientId, null, false));
    }

    /** Sends {@code finalMessage}, then closes the client. */
    public void closeClient(String clientId, String finalMessage) {
        calls.toOwner(clientId, Wire.close(clientId, Wire.text(finalMessage), false));
    }

    /** Closes a client now, dropping its pending output. */
    public void destroyClient(String clientId) {
        calls.toOwner(clientId, Wire.close(clientId, null, true));
    }

    /** Adds a client to a group. */
    public void joinGroup(String clientId, String group) {
        calls.toOwner(clientId, Wire.joinGroup(clientId, Wire.requireName(group, "group")));
    }

    /** Removes a client from a group. */
    public void leaveGroup(String clientId, String group) {
        calls.toOwner(clientId, Wire.leaveGroup(clientId, Wire.requireName(group, "group")));
    }

    /** Dissolves a group: every member, on every gateway, leaves it. */
    public void ungroup(String group) {
        calls.toAll(Wire.ungroup(Wire.names(List.of(group), "group")));
    }

    /** Binds a client to a uid (a user may have several connections). */
    public void bindUid(String clientId, String uid) {
        calls.toOwner(clientId, Wire.bindUid(clientId, Wire.requireName(uid, "uid")));
    }

    /** Unbinds a client from a uid. */
    public void unbindUid(String clientId, String uid) {
        calls.toOwner(clientId, Wire.unbindUid(clientId, Wire.requireName(uid, "uid")));
    }

    /** Replaces a client's session; values are stored as JSON (anything Jackson can write). */
    public void setSession(String clientId, Map<String, ?> session) {
        calls.toOwner(clientId, SessionJson.write(clientId, true, session));
    }

    /** Merges {@code changes} into a client's session; a {@code null} value removes the key. */
    public void updateSession(String clientId, Map<String, ?> changes) {
        calls.toOwner(clientId, SessionJson.write(clientId, false, changes));
    }

    /** A client's session (JSON values read back as maps, lists, strings, numbers, booleans); empty when offline. */
    public Optional<Map<String, Object>> getSession(String clientId) {
        return first(calls.askOwner(clientId, ClientQuery.newBuilder().setWithSession(true)))
                .map(client -> SessionJson.read(client.getSession().getValuesMap()));
    }

    /** Whether the client is connected. */
    public boolean isOnline(String clientId) {
        return calls.askOwner(clientId, ClientQuery.newBuilder().setCountOnly(true))
                .map(result -> result.getClients().getCount() > 0).orElse(false);
    }

    /** The uid a client is bound to; empty when none or offline. */
    public Optional<String> getUidByClientId(String clientId) {
        return first(calls.askOwner(clientId, ClientQuery.newBuilder().setWithUid(true)))
                .map(ClientRecord::getUid).filter(uid -> !uid.isEmpty());
    }

    // ------------------------------------------------------------------ cluster-wide queries

    /** Connections of the whole cluster. */
    public ClientResult<Long> getAllClientCount() {
        return queries.count(Wire.all());
    }

    /** Members of a group on every gateway. */
    public ClientResult<Long> getClientCountByGroup(String group) {
        return queries.count(Wire.groups(Wire.names(List.of(group), "group")));
    }

    /** Ids of the members of a group. */
    public ClientResult<List<String>> getClientIdListByGroup(String group) {
        return queries.clientIds(Wire.groups(Wire.names(List.of(group), "group")));
    }

    /** Ids of the connections bound to a uid. */
    public ClientResult<List<String>> getClientIdByUid(String uid) {
        return queries.clientIds(Wire.uids(Wire.names(List.of(uid), "uid")));
    }

    /** Whether any connection is bound to a uid. */
    public ClientResult<Boolean> isUidOnline(String uid) {
        return queries.count(Wire.uids(Wire.names(List.of(uid), "uid"))).map(count -> count > 0);
    }

    /** Groups with at least one member. */
    public ClientResult<Set<String>> getAllGroupIdList() {
        return queries.groupNames();
    }

    /** Uids bound by at least one connection. */
    public ClientResult<Set<String>> getAllUidList() {
        return queries.uids();
    }

    /** Each asked uid with the ids of its connections (an empty list when none). */
    public ClientResult<Map<String, List<String>>> batchGetClientIdByUid(Collection<String> uids) {
        return queries.clientIdsByUid(Wire.names(uids, "uid"));
    }

    /** Each asked uid with whether any connection is bound to it. */
    public ClientResult<Map<String, Boolean>> isUidsOnline(Collection<String> uids) {
        return batchGetClientIdByUid(uids).map(clients -> {
            Map<String, Boolean> online = new LinkedHashMap<>();
            clients.forEach((uid, ids) -> online.put(uid, !ids.isEmpty()));
            return Collections.unmodifiableMap(online);
        });
    }

    /** Each asked group with its member count (0 when empty). */
    public ClientResult<Map<String, Long>> batchGetClientCountByGroup(Collection<String> groups) {
        return queries.countsByGroup(Wire.names(groups, "group"));
    }

    /** Stops watching and closes every connection; later calls fail. */
    @Override
    public void close() {
        calls.close();
        membership.close();
        scheduler.shutdownNow();
        registerChannels.values().forEach(ManagedChannel::shutdownNow);
    }

    // ------------------------------------------------------------------ plumbing

    /** The first client record of an owner's answer; empty when the client is offline. */
    private static Optional<ClientRecord> first(Optional<QueryResult> result) {
        return result.filter(answer -> answer.getClients().getClientsCount() > 0)
                .map(answer -> answer.getClients().getClients(0));
    }

    private static List<String> ids(Collection<String> clientIds) {
        if (clientIds == null) {
            return List.of();
        }
        clientIds.forEach(Wire::requireClientId);
        return List.copyOf(clientIds);
    }

}
