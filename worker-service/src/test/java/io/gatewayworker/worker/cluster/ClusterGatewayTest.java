package io.gatewayworker.worker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.GroupQueryResult;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryError;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.wire.Commands;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;
import io.gatewayworker.worker.support.FakeGatewayConnection;
import io.gatewayworker.worker.support.FakeGatewayConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

class ClusterGatewayTest {

    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(200);

    private final FakeGatewayConnections view = new FakeGatewayConnections();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeGatewayConnection first;
    private FakeGatewayConnection second;
    private ClusterGateway gateway;

    @BeforeEach
    void setUp() {
        first = view.add("aaaaaaaaaaaa");
        second = view.add("bbbbbbbbbbbb");
        gateway = new ClusterGateway(view, QUERY_TIMEOUT, new SessionCodec(new ObjectMapper()),
                new WorkerMetrics(registry));
    }

    private static QueryResult clients(ClientRecord... records) {
        return QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder()
                .setCount(records.length).addAllClients(List.of(records))).build();
    }

    private static QueryResult count(long count) {
        return QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder().setCount(count)).build();
    }

    private static ClientRecord record(String clientId, String sessionKey, String sessionJson) {
        return ClientRecord.newBuilder().setClientId(clientId).setSession(Session.newBuilder()
                .putValues(sessionKey, ByteString.copyFromUtf8(sessionJson))).build();
    }

    @Test
    void aSendToOneClientGoesOnlyToItsGatewayAsUtf8Text() {
        gateway.sendToClient(second.client(0x1f), "héllo");

        assertTrue(first.commands().isEmpty());
        Command command = second.commands().get(0);
        assertEquals(Target.newBuilder().setClientIds(Commands.clients(List.of("bbbbbbbbbbbb1f")).getClientIds())
                .build(), command.getSend().getTarget());
        assertEquals(Payload.Kind.TEXT, command.getSend().getPayload().getKind());
        assertEquals("héllo", command.getSend().getPayload().getData().toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBinarySendKeepsItsBytes() {
        gateway.sendToClient(first.client(1), new byte[] {0, (byte) 0xff});

        Payload payload = first.commands().get(0).getSend().getPayload();
        assertEquals(Payload.Kind.BINARY, payload.getKind());
        assertEquals(ByteString.copyFrom(new byte[] {0, (byte) 0xff}), payload.getData());
    }

    @Test
    void aSendToSeveralClientsIsOneCommandPerOwningGateway() {
        gateway.sendToClients(List.of(first.client(1), second.client(2), first.client(3), first.client(1)), "x");

        assertEquals(List.of(first.client(1), first.client(3)),
                first.commands().get(0).getSend().getTarget().getClientIds().getValuesList());
        assertEquals(List.of(second.client(2)),
                second.commands().get(0).getSend().getTarget().getClientIds().getValuesList());
    }

    @Test
    void anEmptyListOfRecipientsSendsNothing() {
        gateway.sendToClients(List.of(), "x");
        gateway.sendToGroups(List.of(), "x", List.of());
        gateway.sendToUids(List.of(), "x");

        assertTrue(first.log().isEmpty());
        assertTrue(second.log().isEmpty());
    }

    @Test
    void sendToAllReachesEveryOpenGatewayWithTheExclusionsAndSkipsTheOthers() {
        FakeGatewayConnection closed = view.add("cccccccccccc").open(false);

        gateway.sendToAll("hi", first.client(1), second.client(2));

        for (FakeGatewayConnection open : List.of(first, second)) {
            Command command = open.commands().get(0);
            assertTrue(command.getSend().getTarget().getAll());
            assertEquals(List.of(first.client(1), second.client(2)), command.getSend().getExcludeClientIdsList());
        }
        assertTrue(closed.log().isEmpty());
        assertEquals(1.0, registry.get("gw.worker.fanout.skipped").counter().count());
    }

    @Test
    void groupAndUidSendsFanOutWithTheirTargets() {
        gateway.sendToGroup("lobby", "a", first.client(9));
        gateway.sendToGroups(List.of("x", "y", "x"), "b", List.of());
        gateway.sendToUid("alice", "c");

        for (FakeGatewayConnection each : List.of(first, second)) {
            List<Command> commands = each.commands();
            assertEquals(List.of("lobby"), commands.get(0).getSend().getTarget().getGroups().getValuesList());
            assertEquals(List.of(first.client(9)), commands.get(0).getSend().getExcludeClientIdsList());
            assertEquals(List.of("x", "y"), commands.get(1).getSend().getTarget().getGroups().getValuesList());
            assertEquals(List.of("alice"), commands.get(2).getSend().getTarget().getUids().getValuesList());
        }
    }

    @Test
    void stateChangesGoToTheOwningGatewayAsTheirCommands() {
        String client = first.client(0xa);

        gateway.joinGroup(client, "g");
        gateway.leaveGroup(client, "g");
        gateway.bindUid(client, "u");
        gateway.unbindUid(client, "u");
        gateway.closeClient(client);
        gateway.closeClient(client, "bye");
        gateway.destroyClient(client);

        List<Command> commands = first.commands();
        assertEquals(client, commands.get(0).getJoinGroup().getClientId());
        assertEquals("g", commands.get(0).getJoinGroup().getGroup());
        assertEquals("g", commands.get(1).getLeaveGroup().getGroup());
        assertEquals("u", commands.get(2).getBindUid().getUid());
        assertEquals("u", commands.get(3).getUnbindUid().getUid());
        assertEquals(List.of(client), commands.get(4).getClose().getClientIdsList());
        assertFalse(commands.get(4).getClose().hasFinalMessage());
        assertEquals("bye", commands.get(5).getClose().getFinalMessage().getData().toStringUtf8());
        assertTrue(commands.get(6).getClose().getDestroy());
        assertTrue(second.log().isEmpty());
    }

    @Test
    void ungroupGoesToEveryGateway() {
        gateway.ungroup("old");

        assertEquals(List.of("old"), first.commands().get(0).getUngroup().getGroupsList());
        assertEquals(List.of("old"), second.commands().get(0).getUngroup().getGroupsList());
    }

    @Test
    void setSessionReplacesAndUpdateSessionMergesJsonValues() {
        String client = second.client(5);

        gateway.setSession(client, Map.of("name", "bob"));
        gateway.updateSession(client, Map.of("score", 3));

        var set = second.commands().get(0).getSession();
        assertTrue(set.getReplace());
        assertEquals(Map.of("name", ByteString.copyFromUtf8("\"bob\"")), set.getSetMap());
        var update = second.commands().get(1).getSession();
        assertFalse(update.getReplace());
        assertEquals(Map.of("score", ByteString.copyFromUtf8("3")), update.getSetMap());
    }

    @Test
    void malformedClientIdsAreRejectedWithTheReason() {
        for (String bad : new String[] {"aaaaaaaaaaaa", "AAAAAAAAAAAA1", "aaaaaaaaaaaa1g", "", "a".repeat(29)}) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> gateway.sendToClient(bad, "x"), bad);
            assertTrue(failure.getMessage().contains("not a client id"), failure.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> gateway.joinGroup(null, "g"));
        assertThrows(IllegalArgumentException.class, () -> gateway.joinGroup(first.client(1), ""));
        assertThrows(IllegalArgumentException.class, () -> gateway.sendToUid("", "x"));
        assertTrue(first.log().isEmpty());
    }

    @Test
    void aClientOfAnUnknownOrDisconnectedGatewayIsUnreachable() {
        GatewayUnreachableException unknown = assertThrows(GatewayUnreachableException.class,
                () -> gateway.sendToClient("dddddddddddd1", "x"));
        assertEquals("dddddddddddd", unknown.gatewayId());

        first.open(false);
        GatewayUnreachableException closed = assertThrows(GatewayUnreachableException.class,
                () -> gateway.bindUid(first.client(1), "u"));
        assertEquals("aaaaaaaaaaaa", closed.gatewayId());
    }

    @Test
    void aSendToSeveralClientsReachesTheReachableOnesBeforeReportingTheOthers() {
        first.open(false);

        assertThrows(GatewayUnreachableException.class,
                () -> gateway.sendToClients(List.of(first.client(1), second.client(1)), "x"));

        assertEquals(1, second.commands().size());
    }

    @Test
    void aClusterCountSumsTheAnswersAndNamesTheGatewaysThatDidNotAnswer() {
        first.answerQueries(query -> Optional.of(count(2)));
        second.answerQueries(query -> Optional.of(count(3)));
        FakeGatewayConnection silent = view.add("cccccccccccc");
        FakeGatewayConnection closed = view.add("dddddddddddd").open(false);
        FakeGatewayConnection failing = view.add("eeeeeeeeeeee").answerQueries(query -> Optional.of(
                QueryResult.newBuilder().setError(QueryError.newBuilder().setReason("nope")).build()));

        ClusterResult<Long> result = gateway.queries().getAllClientCount();

        assertEquals(5L, result.value());
        assertEquals(Set.of(silent.gatewayId(), closed.gatewayId(), failing.gatewayId()), result.missingGateways());
        assertFalse(result.isComplete());
        assertEquals(1.0, registry.get("gw.worker.query.timeouts").counter().count(), "only the silent one timed out");
        assertEquals(1.0, registry.get("gw.worker.query.partial").counter().count());
        assertEquals(1, registry.get("gw.worker.query.duration").tag("outcome", "partial").timer().count());
        Query asked = first.queries().get(0);
        assertTrue(asked.getClients().getCountOnly());
        assertTrue(asked.getClients().getTarget().getAll());
    }

    @Test
    void theConvenienceFormReturnsThePartialValue() {
        first.answerQueries(query -> Optional.of(count(4)));

        assertEquals(4L, gateway.getAllClientCount());
    }

    @Test
    void groupSessionsAreMergedAcrossGatewaysAsJavaValues() {
        first.answerQueries(query -> Optional.of(clients(record(first.client(1), "name", "\"alice\""))));
        second.answerQueries(query -> Optional.of(clients(record(second.client(7), "n", "7"))));

        Map<String, Map<String, Object>> sessions = gateway.getClientSessionsByGroup("lobby");

        assertEquals(Map.of(first.client(1), Map.of("name", "alice"), second.client(7), Map.of("n", 7)), sessions);
        Query asked = second.queries().get(0);
        assertEquals(List.of("lobby"), asked.getClients().getTarget().getGroups().getValuesList());
        assertTrue(asked.getClients().getWithSession());
    }

    @Test
    void groupListsAndCountsAreUnionsAndSums() {
        first.answerQueries(query -> Optional.of(QueryResult.newBuilder().setGroups(GroupQueryResult.newBuilder()
                .addGroups(GroupRecord.newBuilder().setGroup("a").setClientCount(2).addUids("u1"))
                .addGroups(GroupRecord.newBuilder().setGroup("b").setClientCount(1))).build()));
        second.answerQueries(query -> Optional.of(QueryResult.newBuilder().setGroups(GroupQueryResult.newBuilder()
                .addGroups(GroupRecord.newBuilder().setGroup("a").setClientCount(3).addUids("u1").addUids("u2")))
                .build()));

        assertEquals(Set.of("a", "b"), gateway.getAllGroupIdList());
        assertEquals(Map.of("a", 5L, "b", 1L), gateway.getAllGroupClientCount());
        assertEquals(Set.of("u1", "u2"), gateway.getUidListByGroup("a"));
        assertEquals(2, gateway.getUidCountByGroup("a"));
    }

    @Test
    void oneClientQueriesAskOnlyItsGateway() {
        String client = second.client(3);
        second.answerQueries(query -> Optional.of(query.getClients().getCountOnly() ? count(1)
                : clients(ClientRecord.newBuilder(record(client, "k", "true")).setUid("bob").build())));

        assertTrue(gateway.isOnline(client));
        assertEquals(Optional.of(Map.of("k", true)), gateway.getSession(client));
        assertEquals(Optional.of("bob"), gateway.getUidByClientId(client));
        assertTrue(first.queries().isEmpty());
        assertEquals(List.of(client),
                second.queries().get(0).getClients().getTarget().getClientIds().getValuesList());
    }

    @Test
    void aClientOfAGatewayThatLeftIsOfflineButASilentGatewayIsUnreachable() {
        assertFalse(gateway.isOnline("dddddddddddd1"));
        assertEquals(Optional.empty(), gateway.getSession("dddddddddddd1"));

        GatewayUnreachableException silent = assertThrows(GatewayUnreachableException.class,
                () -> gateway.isOnline(first.client(1)));
        assertTrue(silent.getMessage().contains("did not answer"), silent.getMessage());
    }

    @Test
    void queriesRefuseToBlockAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    gateway.getAllClientCount();
                    failure.complete(null);
                } catch (Throwable e) {
                    failure.complete(e);
                }
            });
            Throwable thrown = failure.get(5, TimeUnit.SECONDS);
            assertTrue(thrown instanceof IllegalStateException, String.valueOf(thrown));
            assertTrue(thrown.getMessage().contains("event loop"), thrown.getMessage());
            assertTrue(first.queries().isEmpty());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void currentClientCallsOutsideAHandlerFail() {
        assertThrows(IllegalStateException.class, () -> gateway.sendToCurrentClient("x"));
        assertThrows(IllegalStateException.class, () -> gateway.closeCurrentClient());
        assertTrue(gateway.currentClient().isEmpty());
    }
}
