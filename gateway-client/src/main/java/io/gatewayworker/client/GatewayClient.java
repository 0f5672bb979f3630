package io.gatewayworker.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.ExecuteReply;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.SessionWrite;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.support.security.ClusterSecret;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterSecret secret;
    private final Duration queryTimeout;
    private final Map<String, ManagedChannel> registerChannels = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> gatewayChannels = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Membership membership;
    private volatile boolean closed;

    private GatewayClient(Builder builder) {
        this.secret = new ClusterSecret(builder.secret, "GatewayClient secret");
        this.queryTimeout = builder.queryTimeout;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gateway-client-reconnect");
            thread.setDaemon(true);
            return thread;
        });
        for (String address : builder.registerAddresses) {
            registerChannels.put(address, channel(address));
        }
        this.membership = new Membership(registerChannels, builder.name, scheduler);
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
        toOwner(clientId, Wire.send(Wire.clients(List.of(clientId)), Wire.text(message), List.of()));
    }

    /** Sends a binary message to one client; nothing happens when it is offline. */
    public void sendToClient(String clientId, byte[] message) {
        toOwner(clientId, Wire.send(Wire.clients(List.of(clientId)), Wire.binary(message), List.of()));
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
        toAll(Wire.send(Wire.groups(Wire.names(List.of(group), "group")), Wire.binary(message), ids(exclude)));
    }

    /** Sends a text message to the members of any of {@code groups} (each once), except {@code exclude}. */
    public void sendToGroups(Collection<String> groups, String message, Collection<String> exclude) {
        toAll(Wire.send(Wire.groups(Wire.names(groups, "group")), Wire.text(message), ids(exclude)));
    }

    /** Sends a text message to every connection bound to {@code uid}. */
    public void sendToUid(String uid, String message) {
        sendToUids(List.of(uid), message);
    }

    /** Sends a binary message to every connection bound to {@code uid}. */
    public void sendToUid(String uid, byte[] message) {
        toAll(Wire.send(Wire.uids(Wire.names(List.of(uid), "uid")), Wire.binary(message), List.of()));
    }

    /** Sends a text message to every connection bound to any of {@code uids} (each once). */
    public void sendToUids(Collection<String> uids, String message) {
        toAll(Wire.send(Wire.uids(Wire.names(uids, "uid")), Wire.text(message), List.of()));
    }

    private void sendToAll(Payload payload, Collection<String> clientIds, Collection<String> exclude) {
        List<String> excluded = ids(exclude);
        if (clientIds == null) {
            toAll(Wire.send(Wire.all(), payload, excluded));
            return;
        }
        // Each owner only gets its own clients.
        Map<String, List<String>> byOwner = new LinkedHashMap<>();
        for (String id : clientIds) {
            byOwner.computeIfAbsent(Wire.gatewayOf(id), owner -> new ArrayList<>()).add(id);
        }
        Map<String, String> view = view();
        Map<String, ExecuteRequest> requests = new LinkedHashMap<>();
        byOwner.forEach((owner, ids) -> {
            if (view.containsKey(owner)) {
                requests.put(owner, commands(Wire.send(Wire.clients(ids), payload, excluded)));
            }
        });
        confirm(callEach(view, requests));
    }

    // ------------------------------------------------------------------ one client

    /** Closes a client after its pending output was sent. */
    public void closeClient(String clientId) {
        toOwner(clientId, Wire.close(clientId, null, false));
    }

    /** Sends {@code finalMessage}, then closes the client. */
    public void closeClient(String clientId, String finalMessage) {
        toOwner(clientId, Wire.close(clientId, Wire.text(finalMessage), false));
    }

    /** Closes a client now, dropping its pending output. */
    public void destroyClient(String clientId) {
        toOwner(clientId, Wire.close(clientId, null, true));
    }

    /** Adds a client to a group. */
    public void joinGroup(String clientId, String group) {
        toOwner(clientId, Wire.joinGroup(clientId, Wire.requireName(group, "group")));
    }

    /** Removes a client from a group. */
    public void leaveGroup(String clientId, String group) {
        toOwner(clientId, Wire.leaveGroup(clientId, Wire.requireName(group, "group")));
    }

    /** Dissolves a group: every member, on every gateway, leaves it. */
    public void ungroup(String group) {
        toAll(Wire.ungroup(Wire.names(List.of(group), "group")));
    }

    /** Binds a client to a uid (a user may have several connections). */
    public void bindUid(String clientId, String uid) {
        toOwner(clientId, Wire.bindUid(clientId, Wire.requireName(uid, "uid")));
    }

    /** Unbinds a client from a uid. */
    public void unbindUid(String clientId, String uid) {
        toOwner(clientId, Wire.unbindUid(clientId, Wire.requireName(uid, "uid")));
    }

    /** Replaces a client's session; values are stored as JSON (anything Jackson can write). */
    public void setSession(String clientId, Map<String, ?> session) {
        toOwner(clientId, sessionWrite(clientId, true, session));
    }

    /** Merges {@code changes} into a client's session; a {@code null} value removes the key. */
    public void updateSession(String clientId, Map<String, ?> changes) {
        toOwner(clientId, sessionWrite(clientId, false, changes));
    }

    /** A client's session (JSON values read back as maps, lists, strings, numbers, booleans); empty when offline. */
    public Optional<Map<String, Object>> getSession(String clientId) {
        return first(askOwner(clientId, ClientQuery.newBuilder().setWithSession(true)))
                .map(client -> readSession(client.getSession().getValuesMap()));
    }

    /** Whether the client is connected. */
    public boolean isOnline(String clientId) {
        return askOwner(clientId, ClientQuery.newBuilder().setCountOnly(true))
                .map(result -> result.getClients().getCount() > 0).orElse(false);
    }

    /** The uid a client is bound to; empty when none or offline. */
    public Optional<String> getUidByClientId(String clientId) {
        return first(askOwner(clientId, ClientQuery.newBuilder().setWithUid(true)))
                .map(ClientRecord::getUid).filter(uid -> !uid.isEmpty());
    }

    // ------------------------------------------------------------------ cluster-wide queries

    /** Connections of the whole cluster. */
    public ClientResult<Long> getAllClientCount() {
        return count(Wire.all());
    }

    /** Members of a group on every gateway. */
    public ClientResult<Long> getClientCountByGroup(String group) {
        return count(Wire.groups(Wire.names(List.of(group), "group")));
    }

    /** Ids of the members of a group. */
    public ClientResult<List<String>> getClientIdListByGroup(String group) {
        return clientIds(Wire.groups(Wire.names(List.of(group), "group")));
    }

    /** Ids of the connections bound to a uid. */
    public ClientResult<List<String>> getClientIdByUid(String uid) {
        return clientIds(Wire.uids(Wire.names(List.of(uid), "uid")));
    }

    /** Whether any connection is bound to a uid. */
    public ClientResult<Boolean> isUidOnline(String uid) {
        return count(Wire.uids(Wire.names(List.of(uid), "uid"))).map(count -> count > 0);
    }

    /** Groups with at least one member. */
    public ClientResult<Set<String>> getAllGroupIdList() {
        return queryAll(Query.newBuilder().setGroups(GroupQuery.newBuilder()).build(), LinkedHashSet<String>::new,
                (names, result) -> result.getGroups().getGroupsList().forEach(group -> names.add(group.getGroup())),
                Collections::unmodifiableSet);
    }

    /** Uids bound by at least one connection. */
    public ClientResult<Set<String>> getAllUidList() {
        Query query = clients(ClientQuery.newBuilder().setTarget(Wire.all()).setWithUid(true));
        return queryAll(query, LinkedHashSet<String>::new, (uids, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                if (!client.getUid().isEmpty()) {
                    uids.add(client.getUid());
                }
            }
        }, Collections::unmodifiableSet);
    }

    /** Each asked uid with the ids of its connections (an empty list when none). */
    public ClientResult<Map<String, List<String>>> batchGetClientIdByUid(Collection<String> uids) {
        Set<String> names = Wire.names(uids, "uid");
        if (names.isEmpty()) {
            return ClientResult.complete(Map.of());
        }
        Query query = clients(ClientQuery.newBuilder().setTarget(Wire.uids(names)).setWithUid(true));
        return queryAll(query, () -> {
            Map<String, List<String>> clients = new LinkedHashMap<>();
            names.forEach(uid -> clients.put(uid, new ArrayList<>()));
            return clients;
        }, (clients, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                List<String> ids = clients.get(client.getUid());
                if (ids != null) {
                    ids.add(client.getClientId());
                }
            }
        }, clients -> {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            clients.forEach((uid, ids) -> frozen.put(uid, List.copyOf(ids)));
            return Collections.unmodifiableMap(frozen);
        });
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
        Set<String> names = Wire.names(groups, "group");
        if (names.isEmpty()) {
            return ClientResult.complete(Map.of());
        }
        Query query = Query.newBuilder().setGroups(GroupQuery.newBuilder().addAllGroups(names)).build();
        return queryAll(query, () -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            names.forEach(name -> counts.put(name, 0L));
            return counts;
        }, (counts, result) -> {
            for (GroupRecord group : result.getGroups().getGroupsList()) {
                counts.merge(group.getGroup(), group.getClientCount(), Long::sum);
            }
        }, Collections::unmodifiableMap);
    }

    /** Stops watching and closes every connection; later calls fail. */
    @Override
    public void close() {
        closed = true;
        membership.close();
        scheduler.shutdownNow();
        registerChannels.values().forEach(ManagedChannel::shutdownNow);
        gatewayChannels.values().forEach(ManagedChannel::shutdownNow);
    }

    // ------------------------------------------------------------------ plumbing

    private ClientResult<Long> count(Target target) {
        return queryAll(clients(ClientQuery.newBuilder().setTarget(target).setCountOnly(true)), AtomicLong::new,
                (sum, result) -> sum.addAndGet(result.getClients().getCount()), AtomicLong::get);
    }

    private ClientResult<List<String>> clientIds(Target target) {
        return queryAll(clients(ClientQuery.newBuilder().setTarget(target)), ArrayList<String>::new, (ids, result) -> {
            result.getClients().getClientsList().forEach(client -> ids.add(client.getClientId()));
        }, List::copyOf);
    }

    private static Query clients(ClientQuery.Builder query) {
        return Query.newBuilder().setClients(query).build();
    }

    /** Asks every gateway and merges the answers; those that gave none are the result's missing ones. */
    private <A, R> ClientResult<R> queryAll(Query query, Supplier<A> initial, BiConsumer<A, QueryResult> merge,
            Function<A, R> finish) {
        Map<String, String> view = view();
        ExecuteRequest request = ExecuteRequest.newBuilder().addQueries(query).build();
        Map<String, ExecuteRequest> requests = new LinkedHashMap<>();
        view.keySet().forEach(id -> requests.put(id, request));
        Outcome outcome = callEach(view, requests);
        Map<String, String> missing = new LinkedHashMap<>(outcome.failures);
        A merged = initial.get();
        outcome.replies.forEach((gatewayId, reply) -> {
            QueryResult result = reply.getResultsCount() == 1 ? reply.getResults(0) : null;
            if (result == null) {
                missing.put(gatewayId, "no query result in the reply");
            } else if (result.hasError()) {
                missing.put(gatewayId, "refused the query: " + result.getError().getReason());
            } else {
                merge.accept(merged, result);
            }
        });
        return new ClientResult<>(finish.apply(merged), missing);
    }

    /** Asks the owner of one client; empty when the owner is not in the view (the client is gone). */
    private Optional<QueryResult> askOwner(String clientId, ClientQuery.Builder query) {
        String owner = Wire.gatewayOf(clientId);
        Map<String, String> view = view();
        if (!view.containsKey(owner)) {
            return Optional.empty();
        }
        ExecuteRequest request = ExecuteRequest.newBuilder()
                .addQueries(clients(query.setTarget(Wire.clients(List.of(clientId))))).build();
        Outcome outcome = callEach(view, Map.of(owner, request));
        confirm(outcome);
        ExecuteReply reply = outcome.replies.get(owner);
        if (reply.getResultsCount() != 1 || reply.getResults(0).hasError()) {
            String why = reply.getResultsCount() == 1 ? reply.getResults(0).getError().getReason() : "no result";
            throw new GatewayClientException(GatewayClientException.Reason.REJECTED,
                    "gateway " + owner + " did not answer the query: " + why, Map.of(owner, why), null);
        }
        return Optional.of(reply.getResults(0));
    }

    private static Optional<ClientRecord> first(Optional<QueryResult> result) {
        return result.filter(answer -> answer.getClients().getClientsCount() > 0)
                .map(answer -> answer.getClients().getClients(0));
    }

    private void toOwner(String clientId, Command command) {
        String owner = Wire.gatewayOf(clientId);
        Map<String, String> view = view();
        if (view.containsKey(owner)) {
            confirm(callEach(view, Map.of(owner, commands(command))));
        }
    }

    private void toAll(Command command) {
        Map<String, String> view = view();
        Map<String, ExecuteRequest> requests = new LinkedHashMap<>();
        ExecuteRequest request = commands(command);
        view.keySet().forEach(id -> requests.put(id, request));
        confirm(callEach(view, requests));
    }

    private static ExecuteRequest commands(Command command) {
        return ExecuteRequest.newBuilder().addCommands(command).build();
    }

    /** Throws when a gateway did not answer, or refused a command (an offline client is no refusal). */
    private static void confirm(Outcome outcome) {
        if (!outcome.failures.isEmpty()) {
            throw new GatewayClientException(GatewayClientException.Reason.UNAVAILABLE,
                    "gateways did not confirm the call: " + outcome.failures
                            + (outcome.replies.isEmpty() ? "" : "; applied by " + outcome.replies.keySet()),
                    outcome.failures, null);
        }
        Map<String, String> refused = new LinkedHashMap<>();
        outcome.replies.forEach((gatewayId, reply) -> {
            for (CommandError error : reply.getErrorsList()) {
                if (error.getCode() != CommandError.Code.CLIENT_NOT_FOUND) {
                    refused.put(gatewayId, error.getCode() + ": " + error.getReason());
                }
            }
        });
        if (!refused.isEmpty()) {
            throw new GatewayClientException(GatewayClientException.Reason.REJECTED,
                    "gateways refused the command: " + refused, refused, null);
        }
    }

    /** The replies of the gateways that answered in time, and why the others did not. */
    private record Outcome(Map<String, ExecuteReply> replies, Map<String, String> failures) {
    }

    /** Calls the gateways in parallel, each with the query timeout as its deadline. */
    private Outcome callEach(Map<String, String> view, Map<String, ExecuteRequest> requests) {
        Map<String, ListenableFuture<ExecuteReply>> calls = new LinkedHashMap<>();
        requests.forEach((gatewayId, request) -> calls.put(gatewayId,
                GatewayLinkGrpc.newFutureStub(gatewayChannel(view.get(gatewayId)))
                        .withDeadlineAfter(queryTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(request)));
        Map<String, ExecuteReply> replies = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> unauthenticated = new ArrayList<>();
        calls.forEach((gatewayId, call) -> {
            try {
                replies.put(gatewayId, call.get());
            } catch (ExecutionException e) {
                Status status = Status.fromThrowable(e.getCause());
                if (status.getCode() == Status.Code.UNAUTHENTICATED) {
                    unauthenticated.add(gatewayId);
                }
                failures.put(gatewayId, Membership.describe(status));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                calls.values().forEach(pending -> pending.cancel(true));
                throw new GatewayClientException(GatewayClientException.Reason.UNAVAILABLE, "interrupted", failures, e);
            }
        });
        if (!unauthenticated.isEmpty()) {
            throw new GatewayClientException(GatewayClientException.Reason.UNAUTHENTICATED,
                    "gateways " + unauthenticated + " refused the cluster secret (UNAUTHENTICATED): check the secret "
                            + "given to GatewayClient.builder().secret(...) against the cluster's GW_SECRET_KEY",
                    failures, null);
        }
        return new Outcome(replies, failures);
    }

    private Map<String, String> view() {
        if (closed) {
            throw new IllegalStateException("the GatewayClient is closed");
        }
        return membership.awaitView(queryTimeout);
    }

    private ManagedChannel gatewayChannel(String address) {
        return gatewayChannels.computeIfAbsent(address, this::channel);
    }

    private ManagedChannel channel(String address) {
        return NettyChannelBuilder.forTarget(address).usePlaintext().intercept(secret.clientInterceptor()).build();
    }

    private static List<String> ids(Collection<String> clientIds) {
        if (clientIds == null) {
            return List.of();
        }
        clientIds.forEach(Wire::requireClientId);
        return List.copyOf(clientIds);
    }

    private static Command sessionWrite(String clientId, boolean replace, Map<String, ?> values) {
        Objects.requireNonNull(values, "session");
        SessionWrite.Builder write = SessionWrite.newBuilder().setClientId(clientId).setReplace(replace);
        values.forEach((key, value) -> {
            Wire.requireName(key, "session key");
            if (value == null && !replace) {
                write.addRemove(key);
            } else {
                try {
                    write.putSet(key, ByteString.copyFrom(JSON.writeValueAsBytes(value)));
                } catch (IOException e) {
                    throw new IllegalArgumentException("session value of '" + key + "' cannot be written as JSON", e);
                }
            }
        });
        return Command.newBuilder().setSession(write).build();
    }

    private static Map<String, Object> readSession(Map<String, ByteString> values) {
        Map<String, Object> session = new LinkedHashMap<>();
        values.forEach((key, json) -> {
            try {
                session.put(key, JSON.readValue(json.toByteArray(), Object.class));
            } catch (IOException e) {
                throw new IllegalStateException("session value of '" + key + "' is not JSON", e);
            }
        });
        return Collections.unmodifiableMap(session);
    }
}
