package io.gatewayworker.client;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.tls.TlsSettings;
import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.Commands;
import io.gatewayworker.wire.GatewayQueries;
import io.gatewayworker.wire.OutboundMessage;
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
 * most about twice the query timeout; {@link #async} runs any of them without blocking) and is
 * thread-safe.
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
    private final ClientQueries queries;
    private final ExecutorService asyncCalls;

    private GatewayClient(Builder builder) {
        ClusterSecret secret = new ClusterSecret(builder.secret, "GatewayClient secret");
        TlsSettings tls = builder.tls.requireUsable(false);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gateway-client-reconnect");
            thread.setDaemon(true);
            return thread;
        });
        for (String address : builder.registerAddresses) {
            registerChannels.put(address, ClusterCalls.channel(secret, tls, builder.keepAlive, address));
        }
        this.membership = new Membership(registerChannels, builder.name, scheduler);
        this.calls = new ClusterCalls(secret, tls, builder.keepAlive, builder.queryTimeout, membership);
        this.queries = new ClientQueries(calls);
        this.asyncCalls = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gateway-client-async");
            thread.setDaemon(true);
            return thread;
        });
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
        private TlsSettings tls = TlsSettings.PLAINTEXT;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private KeepAlive keepAlive = KeepAlive.DEFAULT;
        private String name = "gateway-client-" + UUID.randomUUID().toString().substring(0, 8);

        private Builder() {
        }

        /** The registers' gRPC addresses ({@code host:port}); default {@code 127.0.0.1:1238}. */
        public Builder registerAddresses(List<String> addresses) {
            if (addresses == null || addresses.isEmpty()) {
                throw new IllegalArgumentException("at least one register address is needed");
            }
            addresses.forEach(address -> ClientIds.requireName(address, "register address"));
            this.registerAddresses = List.copyOf(addresses);
            return this;
        }

        /** The cluster secret (the cluster's {@code GW_SECRET_KEY}); required. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /**
         * TLS to the registers and gateways, as the cluster's {@code GW_TLS_*} settings require; default
         * plaintext. E.g. {@code TlsSettings.trusting(Path.of("/etc/gatewayworker/tls/ca.pem"))}, plus
         * {@code .withCertificate(cert, key)} when the cluster requires client certificates (mutual TLS) and
         * {@code .withServerName(name)} when its certificates carry another name than
         * {@value TlsSettings#DEFAULT_SERVER_NAME}.
         */
        public Builder tls(TlsSettings tls) {
            if (tls == null) {
                throw new IllegalArgumentException("tls must not be null; TlsSettings.PLAINTEXT is plaintext");
            }
            this.tls = tls;
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

        /**
         * gRPC keepalive of the channels to registers and gateways: a ping after {@code time} of quiet, and
         * the peer counted dead when it goes unanswered for {@code timeout}, so a register or gateway that
         * vanished without closing its connections (kill -9 on another host, a cut network) is noticed in
         * seconds and the view re-watched elsewhere. Default 10 s / 5 s, as the cluster's own channels;
         * the cluster's servers refuse pings more often than every 5 s.
         */
        public Builder keepAlive(Duration time, Duration timeout) {
            this.keepAlive = new KeepAlive(time, timeout);
            return this;
        }

        /** The name the registers list this watcher under (status, logs). */
        public Builder name(String name) {
            this.name = ClientIds.requireName(name, "name");
            return this;
        }

        /**
         * A client that starts watching the registers now.
         *
         * @throws IllegalStateException when the secret is missing, empty or not printable ASCII, or the TLS
         *         settings are incomplete or name an unreadable file
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

    /** Sends a text message to one client; nothing happens when it is offline (its gateway is gone). */
    public void sendToClient(String clientId, String message) {
        sendToClient(clientId, OutboundMessage.text(message));
    }

    /** Sends a message (text, binary, raw) to one client, through its gateway only; nothing when offline. */
    public void sendToClient(String clientId, OutboundMessage message) {
        calls.toOwner(clientId, Commands.sendToClient(clientId, message.toPayload()));
    }

    /** Sends a text message to every client of the cluster. */
    public void sendToAll(String message) {
        sendToAll(OutboundMessage.text(message), null, List.of());
    }

    /**
     * Sends a message to {@code clientIds}, each once, except {@code exclude} (GatewayWorker's
     * {@code sendToAll($msg, $client_ids, $exclude, $raw)}). With ids, only the gateways owning them are
     * called, and an empty collection sends nothing; {@code null} means every client of the cluster.
     */
    public void sendToAll(OutboundMessage message, Collection<String> clientIds, Collection<String> exclude) {
        Payload payload = message.toPayload();
        List<String> excluded = ids(exclude);
        if (clientIds == null) {
            calls.toAll(Commands.send(Commands.all(), payload, excluded));
        } else {
            calls.toOwnersOf(ids(clientIds), owned -> Commands.send(Commands.clients(owned), payload, excluded));
        }
    }

    /** Sends a text message to the members of a group. */
    public void sendToGroup(String group, String message) {
        sendToGroups(List.of(group), OutboundMessage.text(message), List.of());
    }

    /** Sends a text message to the members of a group except {@code exclude}. */
    public void sendToGroup(String group, String message, Collection<String> exclude) {
        sendToGroups(List.of(group), OutboundMessage.text(message), exclude);
    }

    /**
     * Sends a message to the members of any of {@code groups} except {@code exclude}: a client in two of
     * them gets it once.
     */
    public void sendToGroups(Collection<String> groups, OutboundMessage message, Collection<String> exclude) {
        calls.toAll(Commands.send(Commands.groups(ClientIds.distinctNames(groups, "group")), message.toPayload(),
                ids(exclude)));
    }

    /** Sends a text message to every client bound to {@code uid}. */
    public void sendToUid(String uid, String message) {
        sendToUids(List.of(uid), OutboundMessage.text(message));
    }

    /** Sends a message to every client bound to any of {@code uids}, each client once. */
    public void sendToUids(Collection<String> uids, OutboundMessage message) {
        calls.toAll(Commands.send(Commands.uids(ClientIds.distinctNames(uids, "uid")), message.toPayload(), List.of()));
    }

    // ------------------------------------------------------------------ one client

    /** Closes a client after its pending output was sent; nothing when offline. */
    public void closeClient(String clientId) {
        calls.toOwner(clientId, Commands.close(List.of(clientId), null, false));
    }

    /** Sends a text {@code finalMessage}, then closes the client; nothing when offline. */
    public void closeClient(String clientId, String finalMessage) {
        closeClient(clientId, OutboundMessage.text(finalMessage));
    }

    /** Sends {@code finalMessage}, then closes the client; nothing when offline. */
    public void closeClient(String clientId, OutboundMessage finalMessage) {
        calls.toOwner(clientId, Commands.close(List.of(clientId), finalMessage.toPayload(), false));
    }

    /** Closes a client now, dropping its pending output; nothing when offline. */
    public void destroyClient(String clientId) {
        calls.toOwner(clientId, Commands.close(List.of(clientId), null, true));
    }

    /** Adds a client to a group. */
    public void joinGroup(String clientId, String group) {
        calls.toOwner(clientId, Commands.joinGroup(clientId, ClientIds.requireName(group, "group")));
    }

    /** Removes a client from a group. */
    public void leaveGroup(String clientId, String group) {
        calls.toOwner(clientId, Commands.leaveGroup(clientId, ClientIds.requireName(group, "group")));
    }

    /** Dissolves a group on every gateway: its members stay connected. */
    public void ungroup(String group) {
        calls.toAll(Commands.ungroup(List.of(ClientIds.requireName(group, "group"))));
    }

    /** Binds a client to a uid (a user may have several connections). */
    public void bindUid(String clientId, String uid) {
        calls.toOwner(clientId, Commands.bindUid(clientId, ClientIds.requireName(uid, "uid")));
    }

    /** Unbinds a client from a uid. */
    public void unbindUid(String clientId, String uid) {
        calls.toOwner(clientId, Commands.unbindUid(clientId, ClientIds.requireName(uid, "uid")));
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
        return record(calls.askOwner(clientId, ClientQuery.newBuilder().setWithSession(true)))
                .map(client -> SessionJson.read(client.getSession().getValuesMap()));
    }

    /** Whether the client is connected. */
    public boolean isOnline(String clientId) {
        return calls.askOwner(clientId, ClientQuery.newBuilder().setCountOnly(true))
                .map(result -> result.getClients().getCount() > 0).orElse(false);
    }

    /** The uid a client is bound to; empty when none or offline. */
    public Optional<String> getUidByClientId(String clientId) {
        return record(calls.askOwner(clientId, ClientQuery.newBuilder().setWithUid(true)))
                .map(ClientRecord::getUid).filter(uid -> !uid.isEmpty());
    }

    // ------------------------------------------------------------------ the cluster

    /** The cluster-wide queries (counts, lists, sessions, groups, uids, batches), each naming missing gateways. */
    public ClientQueries queries() {
        return queries;
    }

    /**
     * Runs any call of this client on its own threads, for callers that must not block (e.g. an event
     * loop): {@code client.async(c -> c.queries().getAllClientCount())}. Calls run in parallel on
     * daemon threads, one per call in flight; the future fails with what the call throws.
     */
    public <T> CompletableFuture<T> async(Function<GatewayClient, T> call) {
        Objects.requireNonNull(call, "call");
        return CompletableFuture.supplyAsync(() -> call.apply(this), asyncCalls);
    }

    /** Stops watching and closes every connection; later calls fail. */
    @Override
    public void close() {
        calls.close();
        asyncCalls.shutdownNow();
        membership.close();
        scheduler.shutdownNow();
        registerChannels.values().forEach(ManagedChannel::shutdownNow);
    }

    // ------------------------------------------------------------------ plumbing

    private static Optional<ClientRecord> record(Optional<QueryResult> result) {
        return result.map(GatewayQueries::recordOf);
    }

    private static List<String> ids(Collection<String> clientIds) {
        if (clientIds == null) {
            return List.of();
        }
        clientIds.forEach(ClientIds::requireValid);
        return List.copyOf(clientIds);
    }
}
