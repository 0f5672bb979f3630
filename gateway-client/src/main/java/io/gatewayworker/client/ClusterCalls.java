package io.gatewayworker.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.common.util.concurrent.ListenableFuture;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.ExecuteReply;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.support.keepalive.ChannelKeepAlive;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.tls.Channels;
import io.gatewayworker.support.tls.TlsSettings;
import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.GatewayQueries;
import io.gatewayworker.wire.GatewayQuery;
import io.grpc.ManagedChannel;
import io.grpc.Status;

/**
 * The calls behind {@link GatewayClient}: {@code GatewayLink.Execute} on the gateway owning a client or
 * on every gateway of the view, in parallel, each with the query timeout as its deadline. What went
 * wrong becomes a {@link GatewayClientException} for commands (a command is never silently lost) and
 * the missing gateways of a {@link ClientResult} for queries (a partial answer is still worth having).
 */
final class ClusterCalls implements AutoCloseable {

    /**
     * Largest reply accepted (grpc-java's default is 4 MiB). A gateway answers each query with at most
     * {@code gateway.worker.max-frame-size} (16 MiB by default; larger answers become a query error), and one
     * Execute reply holds the answers of its queries: room for two such answers.
     */
    static final int MAX_REPLY_BYTES = 32 * 1024 * 1024;

    private final ClusterSecret secret;
    private final TlsSettings tls;
    private final KeepAlive keepAlive;
    private final Duration queryTimeout;
    private final Membership membership;
    private final Map<String, ManagedChannel> gatewayChannels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ClusterCalls(ClusterSecret secret, TlsSettings tls, KeepAlive keepAlive, Duration queryTimeout, Membership membership) {
        this.secret = secret;
        this.tls = tls;
        this.keepAlive = keepAlive;
        this.queryTimeout = queryTimeout;
        this.membership = membership;
    }

    /**
     * A channel carrying the cluster secret on every call (registers and gateways check the same one), over
     * TLS when the cluster's internal gRPC uses it, pinging a quiet peer to notice one that vanished.
     */
    static ManagedChannel channel(ClusterSecret secret, TlsSettings tls, KeepAlive keepAlive, String address) {
        return ChannelKeepAlive.apply(Channels.forTarget(address, tls).intercept(secret.clientInterceptor())
                .maxInboundMessageSize(MAX_REPLY_BYTES), keepAlive.time(), keepAlive.timeout()).build();
    }

    /** Runs a command on the owner of one client; nothing when the owner is not in the view (the client is gone). */
    void toOwner(String clientId, Command command) {
        String owner = ClientIds.gatewayOf(clientId);
        Map<String, String> view = view();
        if (view.containsKey(owner)) {
            confirm(callEach(view, Map.of(owner, commands(command))));
        }
    }

    /** Runs a command on every gateway of the view. */
    void toAll(Command command) {
        Map<String, String> view = view();
        confirm(callEach(view, sameForEach(view, commands(command))));
    }

    /**
     * Runs {@code commandFor(its clients)} on each gateway owning some of {@code clientIds}: each owner only
     * gets its own clients, and owners outside the view are skipped (their clients are gone).
     */
    void toOwnersOf(Collection<String> clientIds, Function<List<String>, Command> commandFor) {
        Map<String, List<String>> byOwner = new LinkedHashMap<>();
        for (String id : clientIds) {
            byOwner.computeIfAbsent(ClientIds.gatewayOf(id), owner -> new ArrayList<>()).add(id);
        }
        Map<String, String> view = view();
        Map<String, ExecuteRequest> requests = new LinkedHashMap<>();
        byOwner.forEach((owner, ids) -> {
            if (view.containsKey(owner)) {
                requests.put(owner, commands(commandFor.apply(ids)));
            }
        });
        confirm(callEach(view, requests));
    }

    /** Asks the owner of one client; empty when the owner is not in the view (the client is gone). */
    Optional<QueryResult> askOwner(String clientId, ClientQuery.Builder query) {
        String owner = ClientIds.gatewayOf(clientId);
        Map<String, String> view = view();
        if (!view.containsKey(owner)) {
            return Optional.empty();
        }
        Query ofClient = GatewayQueries.aboutClient(clientId, query);
        Outcome outcome = callEach(view, Map.of(owner, ExecuteRequest.newBuilder().addQueries(ofClient).build()));
        confirm(outcome);
        // Only one gateway can answer about this client, so a missing answer is an error, not a partial one.
        ExecuteReply reply = outcome.replies.get(owner);
        if (reply.getResultsCount() != 1 || reply.getResults(0).hasError()) {
            String why = reply.getResultsCount() == 1 ? reply.getResults(0).getError().getReason() : "no result";
            throw new GatewayClientException(GatewayClientException.Reason.REJECTED,
                    "gateway " + owner + " did not answer the query: " + why, Map.of(owner, why), null);
        }
        return Optional.of(reply.getResults(0));
    }

    /**
     * Asks every gateway of the view and merges the answers that came; those that failed or refused are
     * the result's missing ones. A query that needs no gateway is answered without a call.
     */
    <R> ClientResult<R> ask(GatewayQuery<R> query) {
        if (!query.asksGateways()) {
            return ClientResult.complete(query.merge(List.of()));
        }
        Map<String, String> view = view();
        Outcome outcome = callEach(view, sameForEach(view, ExecuteRequest.newBuilder().addQueries(query.request()).build()));
        List<QueryResult> results = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>(outcome.failures);
        outcome.replies.forEach((gatewayId, reply) -> {
            QueryResult result = reply.getResultsCount() == 1 ? reply.getResults(0) : null;
            if (result == null) {
                missing.put(gatewayId, "no query result in the reply");
            } else if (result.hasError()) {
                missing.put(gatewayId, "refused the query: " + result.getError().getReason());
            } else {
                results.add(result);
            }
        });
        return new ClientResult<>(query.merge(results), missing);
    }

    /** Later calls fail; the gateway channels are shut down now. */
    @Override
    public void close() {
        closed = true;
        gatewayChannels.values().forEach(ManagedChannel::shutdownNow);
    }

    // ------------------------------------------------------------------ plumbing

    private static ExecuteRequest commands(Command command) {
        return ExecuteRequest.newBuilder().addCommands(command).build();
    }

    private static Map<String, ExecuteRequest> sameForEach(Map<String, String> view, ExecuteRequest request) {
        Map<String, ExecuteRequest> requests = new LinkedHashMap<>();
        view.keySet().forEach(id -> requests.put(id, request));
        return requests;
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
        // A wrong secret is a configuration error, not a partial outage: say so, whatever the others answered.
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
        return gatewayChannels.computeIfAbsent(address, target -> channel(secret, tls, keepAlive, target));
    }
}
