package io.gatewayworker.worker.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.wire.GatewayQuery;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Asks gateways and collects their answers within the query timeout, without blocking: one gateway
 * about one of its clients, or every gateway in the view at once, merging the answers that came in
 * time and naming (and logging, once) the gateways that did not. {@link #await} is the one place the
 * blocking forms wait. Counts every gateway that did not answer in time, and times every fan-out.
 */
final class QueryRunner {

    private static final Logger LOG = Logger.getLogger(QueryRunner.class);
    /** Beyond the stream's own query timeout, before a wait gives up on an answer that never ends. */
    private static final long GRACE_MILLIS = 500;

    private final GatewayConnections connections;
    private final Duration timeout;
    private final Duration deadline;
    private final WorkerMetrics metrics;

    QueryRunner(GatewayConnections connections, Duration timeout, WorkerMetrics metrics) {
        this.connections = connections;
        this.timeout = timeout;
        this.deadline = timeout.plusMillis(GRACE_MILLIS);
        this.metrics = metrics;
    }

    /**
     * Throws when called on an event loop: every blocking query holds its caller until the gateways
     * answer.
     */
    static void requireBlockingAllowed(String method) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Gateway." + method + " waits for gateways to answer and must not be"
                    + " called on an event loop thread (" + Thread.currentThread().getName()
                    + "); call it from an Events handler or another worker thread, or use gateway.async()."
                    + method + " there");
        }
    }

    /**
     * Waits for a query built by this runner: refuses on an event loop, then waits at most the
     * deadline plus a grace (the query's own deadline ends it before). An interrupt does not cut the
     * wait short (it is bounded); the thread's interrupt flag is set again afterwards.
     */
    <T> T await(String method, Uni<T> query) {
        requireBlockingAllowed(method);
        CompletableFuture<T> answer = query.subscribeAsCompletionStage();
        long until = System.nanoTime() + deadline.plusMillis(GRACE_MILLIS).toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException("Gateway." + method + " failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    answer.cancel(false);
                    throw new IllegalStateException("Gateway." + method + " got no result within " + deadline.toMillis()
                            + " ms", e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One gateway's answer; fails with {@link GatewayUnreachableException} when it does not answer in
     * time or its stream is not open, with {@link IllegalArgumentException} when it refuses the query.
     */
    Uni<QueryResult> one(GatewayConnection gateway, Query query) {
        return ask(gateway, query)
                .onFailure().transform(e -> e instanceof GatewayUnreachableException ? e
                        : new GatewayUnreachableException(gateway.gatewayId(), describe(gateway, e), e))
                .map(result -> {
                    if (result.hasError()) {
                        throw new IllegalArgumentException("gateway " + gateway.gatewayId() + " refused the query: "
                                + result.getError().getReason());
                    }
                    return result;
                });
    }

    /**
     * Every gateway's answer, merged: when all gateways answered or the deadline passed, the query
     * merges the answers that came in time and are not errors. Never fails because of a gateway; asks
     * when subscribed.
     */
    <T> Uni<ClusterResult<T>> all(String method, GatewayQuery<T> query) {
        if (!query.asksGateways()) {
            return Uni.createFrom().item(() -> new ClusterResult<>(query.merge(List.of()), Set.of()));
        }
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            List<GatewayConnection> gateways = List.copyOf(connections.all());
            List<Uni<Answer>> answers = new ArrayList<>(gateways.size());
            Map<String, String> missing = new LinkedHashMap<>();
            for (GatewayConnection gateway : gateways) {
                if (gateway.isOpen()) {
                    answers.add(answer(gateway, query.request()));
                } else {
                    missing.put(gateway.gatewayId(), "stream not open");
                }
            }
            Uni<List<Answer>> collected = answers.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(answers).andFailFast();
            return collected.map(received -> {
                List<QueryResult> results = new ArrayList<>(received.size());
                for (Answer answer : received) {
                    if (answer.result() != null) {
                        results.add(answer.result());
                    } else {
                        missing.put(answer.gatewayId(), answer.failure());
                    }
                }
                metrics.queried(System.nanoTime() - started, !missing.isEmpty());
                if (!missing.isEmpty()) {
                    LOG.warnf("Gateway.%s: %d of %d gateways did not answer; the result leaves out their clients: %s",
                            method, missing.size(), gateways.size(), missing);
                }
                return new ClusterResult<>(query.merge(results), missing.keySet());
            });
        });
    }

    /** One gateway's answer or why there is none; never fails. */
    private Uni<Answer> answer(GatewayConnection gateway, Query query) {
        String gatewayId = gateway.gatewayId();
        return ask(gateway, query)
                .map(result -> result.hasError()
                        ? new Answer(gatewayId, null, "refused the query: " + result.getError().getReason())
                        : new Answer(gatewayId, result, null))
                .onFailure().recoverWithItem(e -> new Answer(gatewayId, null, describe(gateway, e)));
    }

    /** The gateway's answer, failing with a TimeoutException after the deadline whatever the stream does. */
    private Uni<QueryResult> ask(GatewayConnection gateway, Query query) {
        return Uni.createFrom().deferred(() -> gateway.query(query, timeout))
                .ifNoItem().after(deadline).fail();
    }

    /** Why {@code gateway} has no answer; called once per failed answer, so it counts the timeouts. */
    private String describe(GatewayConnection gateway, Throwable cause) {
        // The stream's own timeout fails with java.util.concurrent's, this runner's deadline with Mutiny's.
        if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
            metrics.queryTimeout();
            return "gateway " + gateway.gatewayId() + " did not answer within " + timeout.toMillis()
                    + " ms (worker.query-timeout)";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** A gateway's result, or the reason it has none. */
    private record Answer(String gatewayId, QueryResult result, String failure) {
    }
}
