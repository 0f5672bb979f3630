package io.gatewayworker.worker.link;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.gatewayworker.proto.link.QueryResult;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.impl.ContextInternal;

/**
 * The queries one stream call sent and the gateway has not answered yet, by request id. Each ends
 * exactly once: with its result, a {@link TimeoutException}, its subscriber's cancellation, or the
 * failure of every pending query when the call ends. Thread-safe.
 */
final class PendingQueries {

    private final String gatewayId;
    private final AtomicLong requestIds;
    private final ContextInternal context;
    private final Runnable onTimeout;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile Supplier<RuntimeException> closed;

    /**
     * @param requestIds shared by the calls of one stream, so ids stay unique across reconnections
     * @param context    where timeouts fire
     */
    PendingQueries(String gatewayId, AtomicLong requestIds, ContextInternal context, Runnable onTimeout) {
        this.gatewayId = gatewayId;
        this.requestIds = requestIds;
        this.context = context;
        this.onTimeout = onTimeout;
    }

    /**
     * Registers a query about to be sent; returns its request id.
     *
     * @throws RuntimeException the failure given to {@link #failAll} when the call has ended
     */
    long register(UniEmitter<? super QueryResult> emitter, Duration timeout) {
        long requestId = requestIds.incrementAndGet();
        Pending query = new Pending(emitter);
        pending.put(requestId, query);
        Supplier<RuntimeException> failure = closed;
        if (failure != null && pending.remove(requestId) != null) {
            throw failure.get();
        }
        query.timer = context.setTimer(Math.max(1, timeout.toMillis()), timer -> {
            if (pending.remove(requestId) != null) {
                onTimeout.run();
                emitter.fail(new TimeoutException("gateway " + gatewayId + " did not answer query " + requestId
                        + " within " + timeout.toMillis() + " ms"));
            }
        });
        return requestId;
    }

    /** Completes the query the result answers; returns false when it is no longer pending. */
    boolean complete(QueryResult result) {
        Pending query = pending.remove(result.getRequestId());
        if (query == null) {
            return false;
        }
        context.owner().cancelTimer(query.timer);
        query.emitter.complete(result);
        return true;
    }

    /** Forgets a query (its subscriber went away, or it could not be queued). */
    void forget(long requestId) {
        Pending query = pending.remove(requestId);
        if (query != null) {
            context.owner().cancelTimer(query.timer);
        }
    }

    /** The call ended: fails every pending query, and every one registered from now on. */
    void failAll(Supplier<RuntimeException> failure) {
        closed = failure;
        for (Long requestId : pending.keySet()) {
            Pending query = pending.remove(requestId);
            if (query != null) {
                context.owner().cancelTimer(query.timer);
                query.emitter.fail(failure.get());
            }
        }
    }

    int size() {
        return pending.size();
    }

    private static final class Pending {

        final UniEmitter<? super QueryResult> emitter;
        volatile long timer = -1;

        Pending(UniEmitter<? super QueryResult> emitter) {
            this.emitter = emitter;
        }
    }
}
