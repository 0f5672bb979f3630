package io.gatewayworker.worker.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.QueryResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

class PendingQueriesTest {

    private static Vertx vertx;
    private final AtomicInteger timeouts = new AtomicInteger();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private PendingQueries queries(AtomicLong ids) {
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
        return new PendingQueries("abcdef012345", ids, context, timeouts::incrementAndGet);
    }

    /** Registers a query; returns its request id and the future of its outcome. */
    private static CompletableFuture<QueryResult> register(PendingQueries queries, Duration timeout,
            AtomicLong requestId) {
        return Uni.createFrom().<QueryResult> emitter(emitter -> requestId.set(queries.register(emitter, timeout)))
                .subscribeAsCompletionStage();
    }

    private static QueryResult result(long requestId, long count) {
        return QueryResult.newBuilder().setRequestId(requestId)
                .setClients(ClientQueryResult.newBuilder().setCount(count)).build();
    }

    @Test
    void aResultCompletesItsQueryOnce() throws Exception {
        PendingQueries queries = queries(new AtomicLong());
        AtomicLong first = new AtomicLong();
        AtomicLong second = new AtomicLong();
        CompletableFuture<QueryResult> one = register(queries, Duration.ofSeconds(30), first);
        CompletableFuture<QueryResult> two = register(queries, Duration.ofSeconds(30), second);
        assertNotEquals(first.get(), second.get());
        assertEquals(2, queries.size());

        assertTrue(queries.complete(result(second.get(), 7)));
        assertEquals(7, two.get(5, TimeUnit.SECONDS).getClients().getCount());
        assertFalse(one.isDone());
        assertFalse(queries.complete(result(second.get(), 8)), "answered already");
        assertFalse(queries.complete(result(12345, 1)), "never asked");
        assertEquals(1, queries.size());
    }

    @Test
    void anUnansweredQueryTimesOut() {
        PendingQueries queries = queries(new AtomicLong());
        AtomicLong id = new AtomicLong();
        CompletableFuture<QueryResult> outcome = register(queries, Duration.ofMillis(100), id);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> outcome.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        assertEquals(1, timeouts.get());
        assertEquals(0, queries.size());
        assertFalse(queries.complete(result(id.get(), 1)), "a late answer is dropped");
    }

    @Test
    void anAnsweredQueryDoesNotTimeOutLater() throws Exception {
        PendingQueries queries = queries(new AtomicLong());
        AtomicLong id = new AtomicLong();
        // 1 s to answer, so that a descheduled test thread does not answer too late; the later query
        // times out after that second has passed.
        CompletableFuture<QueryResult> outcome = register(queries, Duration.ofSeconds(1), id);
        queries.complete(result(id.get(), 3));
        assertEquals(3, outcome.get(5, TimeUnit.SECONDS).getClients().getCount());
        CompletableFuture<QueryResult> later = register(queries, Duration.ofMillis(1500), new AtomicLong());
        assertThrows(ExecutionException.class, () -> later.get(5, TimeUnit.SECONDS));
        assertEquals(1, timeouts.get(), "only the unanswered query timed out");
    }

    @Test
    void failAllFailsPendingAndLaterQueries() {
        PendingQueries queries = queries(new AtomicLong());
        CompletableFuture<QueryResult> pending = register(queries, Duration.ofSeconds(30), new AtomicLong());
        queries.failAll(() -> new GatewayUnavailableException("abcdef012345", "stream ended"));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
        assertInstanceOf(GatewayUnavailableException.class, failure.getCause());
        assertEquals(0, queries.size());

        CompletableFuture<QueryResult> later = register(queries, Duration.ofSeconds(30), new AtomicLong());
        failure = assertThrows(ExecutionException.class, () -> later.get(5, TimeUnit.SECONDS));
        assertInstanceOf(GatewayUnavailableException.class, failure.getCause());
        assertEquals(0, queries.size());
        assertEquals(0, timeouts.get());
    }

    @Test
    void forgetDropsAQueryWithoutTimingItOut() {
        PendingQueries queries = queries(new AtomicLong());
        AtomicLong id = new AtomicLong();
        CompletableFuture<QueryResult> outcome = register(queries, Duration.ofMillis(100), id);
        queries.forget(id.get());
        assertEquals(0, queries.size());
        // Its timer was cancelled: a later query's timeout is the only one counted.
        CompletableFuture<QueryResult> probe = register(queries, Duration.ofMillis(300), new AtomicLong());
        await().atMost(Duration.ofSeconds(5)).until(probe::isDone);
        assertEquals(1, timeouts.get());
        assertFalse(outcome.isDone());
    }

    @Test
    void requestIdsStayUniqueAcrossTheCallsOfOneStream() {
        AtomicLong shared = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong second = new AtomicLong();
        register(queries(shared), Duration.ofSeconds(30), first);
        register(queries(shared), Duration.ofSeconds(30), second);
        assertTrue(first.get() > 0);
        assertNotEquals(first.get(), second.get());
    }
}
