package io.gatewayworker.worker.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;
import io.vertx.core.Context;

/**
 * Asks gateways and waits for their answers, at most the query timeout: one gateway about one of
 * its clients, or every gateway in the view at once, merging the answers that came in time.
 */
final class QueryRunner {

    private static final Logger LOG = Logger.getLogger(QueryRunner.class);
    /** Beyond the stream's own query timeout, before a wait gives up on an answer that never ends. */
    private static final long GRACE_MILLIS = 500;

    private final GatewayConnections connections;
    private final Duration timeout;

    QueryRunner(GatewayConnections connections, Duration timeout) {
        this.connections = connections;
        this.timeout = timeout;
    }

    /**
     * Throws when called on an event loop: every query blocks its caller until the gateways answer.
     */
    static void requireBlockingAllowed(String method) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Gateway." + method + " waits for gateways to answer and must not be"
                    + " called on an event loop thread (" + Thread.currentThread().getName()
                    + "); call it from an Events handler or another worker thread");
        }
    }

    /**
     * One gateway's answer.
     *
     * @throws GatewayUnreachableException when it does not answer in time or its stream is not open
     */
    QueryResult one(GatewayConnection gateway, Query query) {
        CompletableFuture<QueryResult> answer = ask(gateway, query);
        try {
            QueryResult result = answer.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
            if (result.hasError()) {
                throw new IllegalArgumentException("gateway " + gateway.gatewayId() + " refused the query: "
                        + result.getError().getReason());
            }
            return result;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new GatewayUnreachableException(gateway.gatewayId(), describe(gateway, cause), cause);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new GatewayUnreachableException(gateway.gatewayId(), describe(gateway, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnreachableException(gateway.gatewayId(), "interrupted waiting for gateway "
                    + gateway.gatewayId(), e);
        }
    }

    /**
     * Every gateway's answer, merged: {@code merge} is called, on the calling thread, for each
     * answer that came in time and is not an error, then {@code finish} makes the value.
     */
    <A, T> ClusterResult<T> all(Query query, Supplier<A> start, BiConsumer<A, QueryResult> merge,
            Function<A, T> finish) {
        Collection<GatewayConnection> gateways = connections.all();
        Map<String, CompletableFuture<QueryResult>> answers = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (GatewayConnection gateway : gateways) {
            if (gateway.isOpen()) {
                answers.put(gateway.gatewayId(), ask(gateway, query));
            } else {
                missing.add(gateway.gatewayId());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis() + GRACE_MILLIS);
        A merged = start.get();
        boolean interrupted = false;
        for (Map.Entry<String, CompletableFuture<QueryResult>> answer : answers.entrySet()) {
            String gatewayId = answer.getKey();
            try {
                long left = interrupted ? 0 : Math.max(0, deadline - System.nanoTime());
                QueryResult result = answer.getValue().get(left, TimeUnit.NANOSECONDS);
                if (result.hasError()) {
                    LOG.warnf("gateway %s refused query %s: %s", gatewayId, query.getKindCase(),
                            result.getError().getReason());
                    missing.add(gatewayId);
                } else {
                    merge.accept(merged, result);
                }
            } catch (ExecutionException e) {
                LOG.debugf("gateway %s did not answer: %s", gatewayId, e.getCause().getMessage());
                missing.add(gatewayId);
            } catch (TimeoutException e) {
                answer.getValue().cancel(false);
                missing.add(gatewayId);
            } catch (InterruptedException e) {
                interrupted = true; // collect what already arrived, then restore the flag
                missing.add(gatewayId);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new ClusterResult<>(finish.apply(merged), missing);
    }

    private CompletableFuture<QueryResult> ask(GatewayConnection gateway, Query query) {
        try {
            return gateway.query(query, timeout).subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String describe(GatewayConnection gateway, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "gateway " + gateway.gatewayId() + " did not answer within " + timeout.toMillis()
                    + " ms (worker.query-timeout)";
        }
        return cause.getMessage();
    }
}
