package io.gatewayworker.worker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQueryResult;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;
import io.gatewayworker.worker.support.FakeGatewayConnection;
import io.gatewayworker.worker.support.FakeGatewayConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The queries added for GatewayWorker parity, their merging, partial results and Uni forms. */
class GatewayQueriesTest {

    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(200);
    /** The query timeout, the runner's grace (500 ms) and slack for a loaded machine. */
    private static final long DEADLINE_MILLIS = 2_000;

    private final FakeGatewayConnections view = new FakeGatewayConnections();
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private FakeGatewayConnection first;
    private FakeGatewayConnection second;
    private Gateway gateway;

    @BeforeEach
    void setUp() {
        first = view.add("aaaaaaaaaaaa");
        second = view.add("bbbbbbbbbbbb");
        gateway = new ClusterGateway(view, QUERY_TIMEOUT, new SessionCodec(new ObjectMapper()),
                new WorkerMetrics(new SimpleMeterRegistry()));
        Logger.getLogger(QueryRunner.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(QueryRunner.class.getName()).removeHandler(capture);
    }

    private static QueryResult groups(GroupRecord.Builder... records) {
        GroupQueryResult.Builder result = GroupQueryResult.newBuilder();
        Arrays.stream(records).forEach(result::addGroups);
        return QueryResult.newBuilder().setGroups(result).build();
    }

    private static GroupRecord.Builder group(String name, String... clientIds) {
        return GroupRecord.newBuilder().setGroup(name).setClientCount(clientIds.length).addAllClientIds(List.of(clientIds));
    }

    private static QueryResult clients(ClientRecord... records) {
        return QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder()
                .setCount(records.length).addAllClients(List.of(records))).build();
    }

    private static QueryResult count(long count) {
        return QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder().setCount(count)).build();
    }

    private static ClientRecord bound(String clientId, String uid) {
        return ClientRecord.newBuilder().setClientId(clientId).setUid(uid).build();
    }

    private static Function<Query, Optional<QueryResult>> always(QueryResult result) {
        return query -> Optional.of(result);
    }

    private List<String> warningTexts() {
        synchronized (warnings) {
            return warnings.stream().map(record -> record.getMessage() + " " + Arrays.toString(record.getParameters()))
                    .toList();
        }
    }

    // ------------------------------------------------------------------ group maps

    @Test
    void getAllGroupClientIdListConcatenatesEachGatewaysMembers() {
        first.answerQueries(always(groups(group("a", first.client(1), first.client(2)), group("b", first.client(3)))));
        second.answerQueries(always(groups(group("a", second.client(1)))));

        Map<String, List<String>> members = gateway.getAllGroupClientIdList();

        // Gateways are merged in view order; each gateway's members keep their order.
        assertEquals(Set.of("a", "b"), members.keySet());
        assertEquals(Set.of(first.client(1), first.client(2), second.client(1)), Set.copyOf(members.get("a")));
        assertEquals(3, members.get("a").size());
        assertTrue(members.get("a").indexOf(first.client(1)) < members.get("a").indexOf(first.client(2)));
        assertEquals(List.of(first.client(3)), members.get("b"));
        Query asked = first.queries().get(0);
        assertTrue(asked.getGroups().getWithClientIds());
        assertEquals(0, asked.getGroups().getGroupsCount());
    }

    @Test
    void getAllGroupClientIdCountSumsTheGateways() {
        first.answerQueries(always(groups(group("a", first.client(1)), group("0", first.client(2)))));
        second.answerQueries(always(groups(group("a", second.client(1), second.client(2)))));

        assertEquals(Map.of("a", 3L, "0", 1L), gateway.getAllGroupClientIdCount());
        assertEquals(gateway.getAllGroupClientCount(), gateway.getAllGroupClientIdCount());
    }

    @Test
    void getAllGroupUidListUnitesUidsAndLeavesOutGroupsWithoutBoundMembers() {
        first.answerQueries(always(groups(group("a").addUids("u1"), group("anonymous", first.client(1)))));
        second.answerQueries(always(groups(group("a").addUids("u1").addUids("u2"), group("b").addUids("0"))));

        assertEquals(Map.of("a", Set.of("u1", "u2"), "b", Set.of("0")), gateway.getAllGroupUidList());
        assertEquals(Map.of("a", 2L, "b", 1L), gateway.getAllGroupUidCount());
        assertTrue(first.queries().get(0).getGroups().getWithUids());
    }

    // ------------------------------------------------------------------ uids

    @Test
    void getAllUidCountCountsAUidOnSeveralGatewaysOnce() {
        first.answerQueries(always(clients(bound(first.client(1), "alice"), bound(first.client(2), ""))));
        second.answerQueries(always(clients(bound(second.client(1), "alice"), bound(second.client(2), "0"))));

        assertEquals(2L, gateway.getAllUidCount());
        assertEquals(Set.of("alice", "0"), gateway.getAllUidList());
    }

    @Test
    void zeroIsAValidUidAndGroupForQueries() {
        first.answerQueries(query -> Optional.of(count(1)));
        second.answerQueries(query -> Optional.of(count(0)));

        assertTrue(gateway.isUidOnline("0"));
        assertEquals(1L, gateway.getClientIdCountByGroup("0"));
        assertEquals(List.of("0"), first.queries().get(0).getClients().getTarget().getUids().getValuesList());
        assertEquals(List.of("0"), first.queries().get(1).getClients().getTarget().getGroups().getValuesList());
        assertThrows(IllegalArgumentException.class, () -> gateway.isUidOnline(""));
        assertThrows(IllegalArgumentException.class, () -> gateway.getClientIdListByGroup(null));
    }

    @Test
    void batchGetClientIdByUidAsksEachGatewayOnceAndListsEveryAskedUid() {
        first.answerQueries(always(clients(bound(first.client(1), "alice"), bound(first.client(2), "bob"))));
        second.answerQueries(always(clients(bound(second.client(1), "alice"))));

        Map<String, List<String>> clients = gateway.batchGetClientIdByUid(List.of("alice", "bob", "carol", "alice"));

        assertEquals(List.of("alice", "bob", "carol"), List.copyOf(clients.keySet()));
        assertEquals(Set.of(first.client(1), second.client(1)), Set.copyOf(clients.get("alice")));
        assertEquals(2, clients.get("alice").size());
        assertEquals(List.of(first.client(2)), clients.get("bob"));
        assertEquals(List.of(), clients.get("carol"));
        assertEquals(1, first.queries().size());
        Query asked = first.queries().get(0);
        assertEquals(List.of("alice", "bob", "carol"), asked.getClients().getTarget().getUids().getValuesList());
        assertTrue(asked.getClients().getWithUid());
    }

    @Test
    void isUidsOnlineAnswersForEveryAskedUid() {
        first.answerQueries(always(clients(bound(first.client(1), "alice"))));
        second.answerQueries(always(clients()));

        assertEquals(Map.of("alice", true, "bob", false), gateway.isUidsOnline(List.of("alice", "bob")));
    }

    @Test
    void batchGetClientCountByGroupSumsAndReportsEmptyGroupsAsZero() {
        first.answerQueries(always(groups(group("a", first.client(1)))));
        second.answerQueries(always(groups(group("a", second.client(1), second.client(2)))));

        assertEquals(Map.of("a", 3L, "b", 0L), gateway.batchGetClientCountByGroup(List.of("a", "b")));
        assertEquals(List.of("a", "b"), second.queries().get(0).getGroups().getGroupsList());
    }

    @Test
    void batchQueriesOfNothingAskNobody() {
        assertEquals(Map.of(), gateway.batchGetClientIdByUid(List.of()));
        assertEquals(Map.of(), gateway.isUidsOnline(List.of()));
        assertEquals(Map.of(), gateway.batchGetClientCountByGroup(List.of()));
        assertTrue(first.log().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> gateway.isUidsOnline(List.of("a", "")));
        assertThrows(IllegalArgumentException.class, () -> gateway.batchGetClientCountByGroup(null));
    }

    // ------------------------------------------------------------------ partial results

    @Test
    void aSilentGatewayMakesAPartialResultWithinTheDeadlineAndOneWarning() {
        first.answerQueries(always(groups(group("a", first.client(1)))));
        // second never answers

        long started = System.nanoTime();
        ClusterResult<Map<String, Long>> result = gateway.queries().batchGetClientCountByGroup(List.of("a"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertEquals(Map.of("a", 1L), result.value());
        assertTrue(result.partial());
        assertFalse(result.isComplete());
        assertEquals(Set.of(second.gatewayId()), result.missingGateways());
        assertTrue(tookMillis >= QUERY_TIMEOUT.toMillis() && tookMillis < DEADLINE_MILLIS, tookMillis + " ms");
        List<String> logged = warningTexts();
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).contains(second.gatewayId()) && logged.get(0).contains("batchGetClientCountByGroup")
                && logged.get(0).contains("did not answer"), logged.get(0));
    }

    @Test
    void aCompleteResultIsNotPartialAndLogsNothing() {
        first.answerQueries(always(count(1)));
        second.answerQueries(always(count(2)));

        ClusterResult<Long> result = gateway.queries().getAllUidCount();

        assertTrue(result.isComplete());
        assertFalse(result.partial());
        assertTrue(warningTexts().isEmpty(), warningTexts().toString());
    }

    @Test
    void anEmptyViewAnswersAtOnceAndCompletely() {
        view.remove(first.gatewayId());
        view.remove(second.gatewayId());

        ClusterResult<Map<String, List<String>>> result = gateway.queries().getAllGroupClientIdList();

        assertEquals(Map.of(), result.value());
        assertTrue(result.isComplete());
    }

    // ------------------------------------------------------------------ Uni forms

    @Test
    void theUniFormsAreLazyAndGiveTheSameResults() {
        first.answerQueries(always(clients(bound(first.client(1), "alice"))));
        second.open(false);

        Uni<ClusterResult<Map<String, List<String>>>> lazy = gateway.async().batchGetClientIdByUid(List.of("alice"));
        assertTrue(first.queries().isEmpty());

        ClusterResult<Map<String, List<String>>> result = lazy.await().atMost(Duration.ofSeconds(5));
        assertEquals(Map.of("alice", List.of(first.client(1))), result.value());
        assertEquals(Set.of(second.gatewayId()), result.missingGateways());
        assertEquals(1, first.queries().size());
    }

    @Test
    void theUniFormsRunOnAnEventLoopWhereTheBlockingFormsRefuse() throws Exception {
        first.answerQueries(always(count(2)));
        second.answerQueries(always(count(3)));
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    gateway.getAllUidCount();
                    outcome.complete("blocking form ran");
                } catch (IllegalStateException refused) {
                    gateway.async().getAllClientCount().subscribe().with(outcome::complete, outcome::completeExceptionally);
                }
            });
            ClusterResult<?> result = assertInstanceOf(ClusterResult.class, outcome.get(5, TimeUnit.SECONDS));
            assertEquals(5L, result.value());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyBlockingFormRefusesAnEventLoopWithAClearMessage() throws Exception {
        List<Function<Gateway, Object>> calls = List.of(Gateway::getAllUidCount, Gateway::getAllGroupUidList,
                Gateway::getAllGroupClientIdList, g -> g.batchGetClientIdByUid(List.of("u")),
                g -> g.isUidsOnline(List.of("u")), g -> g.batchGetClientCountByGroup(List.of("g")),
                g -> g.isOnline(first.client(1)), g -> g.getSession(first.client(1)));
        Vertx vertx = Vertx.vertx();
        try {
            for (Function<Gateway, Object> call : calls) {
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                vertx.runOnContext(v -> {
                    try {
                        call.apply(gateway);
                        failure.complete(null);
                    } catch (Throwable e) {
                        failure.complete(e);
                    }
                });
                Throwable thrown = failure.get(5, TimeUnit.SECONDS);
                assertInstanceOf(IllegalStateException.class, thrown);
                assertTrue(thrown.getMessage().contains("event loop") && thrown.getMessage().contains("async()"),
                        thrown.getMessage());
            }
            assertTrue(first.queries().isEmpty());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void oneClientUniFormsAskOnlyTheOwnerAndFailWhenItIsSilent() {
        second.answerQueries(query -> Optional.of(query.getClients().getCountOnly() ? count(1)
                : clients(bound(second.client(3), "bob"))));

        assertTrue(gateway.async().isOnline(second.client(3)).await().atMost(Duration.ofSeconds(5)));
        assertEquals(Optional.of("bob"),
                gateway.async().getUidByClientId(second.client(3)).await().atMost(Duration.ofSeconds(5)));
        assertFalse(gateway.async().isOnline("dddddddddddd1").await().atMost(Duration.ofSeconds(5)));
        assertEquals(Optional.empty(), gateway.async().getSession("dddddddddddd1").await().atMost(Duration.ofSeconds(5)));
        assertTrue(first.queries().isEmpty());

        GatewayUnreachableException silent = assertThrows(GatewayUnreachableException.class,
                () -> gateway.async().getSession(first.client(1)).await().atMost(Duration.ofSeconds(5)));
        assertEquals(first.gatewayId(), silent.gatewayId());
        assertTrue(silent.getMessage().contains("did not answer within 200 ms"), silent.getMessage());
    }
}
