package io.gatewayworker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQueryResult;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.QueryResult;

class GatewayQueriesTest {

    @Test
    void countsAddUpOverGateways() {
        GatewayQuery<Long> count = GatewayQueries.count(GatewayQueries.group("room"));

        assertEquals(List.of("room"), count.request().getClients().getTarget().getGroups().getValuesList());
        assertTrue(count.request().getClients().getCountOnly());
        assertEquals(5L, count.merge(List.of(clientCount(2), clientCount(3))));
        assertEquals(0L, count.merge(List.of()));
    }

    @Test
    void aBatchByGroupHasEveryAskedGroupOnceEvenWhenEmpty() {
        GatewayQuery<Map<String, Long>> counts = GatewayQueries.countsByGroup(List.of("a", "b", "a"));

        assertEquals(List.of("a", "b"), counts.request().getGroups().getGroupsList());
        Map<String, Long> merged = counts.merge(List.of(groups(group("a", 2, List.of())), groups(group("a", 1, List.of()))));
        assertEquals(Map.of("a", 3L, "b", 0L), merged);
        assertEquals(List.of("a", "b"), new ArrayList<>(merged.keySet()), "in the asked order");
    }

    @Test
    void anEmptyBatchAsksNoGatewayAndABadNameIsRefused() {
        GatewayQuery<Map<String, List<String>>> none = GatewayQueries.clientIdsByUid(List.of());

        assertFalse(none.asksGateways());
        assertEquals(Map.of(), none.merge(List.of()));
        assertThrows(IllegalStateException.class, none::request);
        assertThrows(IllegalArgumentException.class, () -> GatewayQueries.clientIdsByUid(Arrays.asList("u", "")));
        assertThrows(IllegalArgumentException.class, () -> GatewayQueries.countsByGroup(null));
        assertThrows(IllegalArgumentException.class, () -> GatewayQueries.group(""));
    }

    @Test
    void clientsByUidGroupsTheRecordsOfEveryGatewayUnderTheirUid() {
        GatewayQuery<Map<String, Boolean>> online = GatewayQueries.uidsOnline(List.of("u1", "u2"));
        GatewayQuery<Map<String, List<String>>> ids = GatewayQueries.clientIdsByUid(List.of("u1", "u2"));
        List<QueryResult> answers = List.of(clients(record("aaaaaaaaaaaa1", "u1")), clients(record("bbbbbbbbbbbb1", "u1")));

        assertEquals(Map.of("u1", List.of("aaaaaaaaaaaa1", "bbbbbbbbbbbb1"), "u2", List.of()), ids.merge(answers));
        assertEquals(Map.of("u1", true, "u2", false), online.merge(answers));
    }

    @Test
    void groupMapsMergeMembersAndUidsAcrossGateways() {
        List<QueryResult> answers = List.of(
                groups(group("a", 1, List.of("u1")), group("b", 1, List.of())),
                groups(group("a", 2, List.of("u1", "u2"))));

        assertEquals(Map.of("a", Set.of("u1", "u2")), GatewayQueries.allGroupUids().merge(answers),
                "a group whose members have no uid is absent");
        assertEquals(Map.of("a", 2L), GatewayQueries.allGroupUidCounts().merge(answers));
        assertEquals(Map.of("a", 3L, "b", 1L), GatewayQueries.allGroupCounts().merge(answers));
        assertEquals(Set.of("a", "b"), GatewayQueries.allGroups().merge(answers));
        assertEquals(Set.of("u1", "u2"), GatewayQueries.uidsOfGroup("a").merge(answers));
    }

    @Test
    void aQuestionAboutOneClientTargetsItAndAMalformedIdIsRefused() {
        assertEquals(List.of("aaaaaaaaaaaa1"), GatewayQueries.aboutClient("aaaaaaaaaaaa1",
                ClientQuery.newBuilder()).getClients().getTarget().getClientIds().getValuesList());
        assertThrows(IllegalArgumentException.class, () -> GatewayQueries.aboutClient("AAAA",
                ClientQuery.newBuilder()));
        assertEquals(null, GatewayQueries.recordOf(clientCount(0)));
    }

    @Test
    void aRawMessageKeepsItsBytesKindAndFlagOnTheWire() {
        OutboundMessage message = OutboundMessage.binary(new byte[] {1, 2}).raw();

        assertEquals(Payload.Kind.BINARY, message.toPayload().getKind());
        assertTrue(message.toPayload().getRaw());
        assertEquals(2, message.toPayload().getData().size());
        assertFalse(OutboundMessage.text("x").toPayload().getRaw());
    }

    private static QueryResult clientCount(long count) {
        return QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder().setCount(count)).build();
    }

    private static ClientRecord record(String clientId, String uid) {
        return ClientRecord.newBuilder().setClientId(clientId).setUid(uid).build();
    }

    private static QueryResult clients(ClientRecord... records) {
        return QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder().addAllClients(List.of(records))).build();
    }

    private static GroupRecord group(String name, long count, List<String> uids) {
        return GroupRecord.newBuilder().setGroup(name).setClientCount(count).addAllUids(uids).build();
    }

    private static QueryResult groups(GroupRecord... records) {
        return QueryResult.newBuilder().setGroups(GroupQueryResult.newBuilder().addAllGroups(List.of(records))).build();
    }
}
