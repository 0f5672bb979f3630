package io.gatewayworker.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.support.HubFixture;
import io.gatewayworker.gateway.support.TestConnection;
import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;

class QueryResponderTest {

    private static final int MAX_FRAME_SIZE = 64 * 1024;

    private final HubFixture gateway = new HubFixture();
    private final QueryResponder responder;
    private final TestConnection a;
    private final TestConnection b;
    private final TestConnection c;

    QueryResponderTest() {
        TargetSelector selector = new TargetSelector(gateway.registry, gateway.groups, gateway.uids);
        responder = new QueryResponder(gateway.ids, gateway.registry, selector, gateway.groups, gateway.uids,
                gateway.sessions, MAX_FRAME_SIZE);
        gateway.attachWorker("w", 100);
        a = gateway.connect(Transport.WEBSOCKET);
        b = gateway.connect(Transport.TCP);
        c = gateway.connect(Transport.WEBSOCKET);
        gateway.groups.join(a.clientId(), "lobby");
        gateway.groups.join(b.clientId(), "lobby");
        gateway.groups.join(b.clientId(), "vip");
        gateway.uids.bind(a.clientId(), "alice");
        gateway.uids.bind(b.clientId(), "alice");
        gateway.sessions.replace(b.clientId(), Map.of("name", ByteString.copyFromUtf8("\"bob\"")));
    }

    @Test
    void countsAreExactAndResultsNameTheGatewayAndRequest() {
        QueryResult all = responder.answer(clients(7, Target.newBuilder().setAll(true), true));
        QueryResult lobby = responder.answer(clients(8, Target.newBuilder().setGroups(list("lobby", "vip")), true));
        QueryResult alice = responder.answer(clients(9, Target.newBuilder().setUids(list("alice")), true));

        assertEquals(3, all.getClients().getCount());
        assertEquals(2, lobby.getClients().getCount());
        assertEquals(2, alice.getClients().getCount());
        assertEquals(7, all.getRequestId());
        assertEquals(gateway.ids.gatewayId(), all.getGatewayId());
        assertTrue(all.getClients().getClientsList().isEmpty());
    }

    @Test
    void clientRecordsCarryOnlyTheFieldsAskedFor() {
        Query query = Query.newBuilder().setRequestId(1).setClients(ClientQuery.newBuilder()
                .setTarget(Target.newBuilder().setClientIds(list(b.clientId())))
                .setWithUid(true).setWithGroups(true).setWithSession(true)).build();
        Query bare = Query.newBuilder().setRequestId(2).setClients(ClientQuery.newBuilder()
                .setTarget(Target.newBuilder().setClientIds(list(b.clientId())))).build();

        ClientRecord full = responder.answer(query).getClients().getClients(0);
        ClientRecord minimal = responder.answer(bare).getClients().getClients(0);

        assertEquals(b.clientId(), full.getClientId());
        assertEquals("alice", full.getUid());
        assertEquals(Set.of("lobby", "vip"), Set.copyOf(full.getGroupsList()));
        assertEquals("\"bob\"", full.getSession().getValuesMap().get("name").toStringUtf8());
        assertEquals(ClientRecord.newBuilder().setClientId(b.clientId()).build(), minimal);
    }

    @Test
    void groupQueryListsGroupsWithMembersCountsIdsAndDistinctUids() {
        QueryResult result = responder.answer(Query.newBuilder().setRequestId(3)
                .setGroups(GroupQuery.newBuilder().setWithClientIds(true).setWithUids(true)).build());

        Map<String, GroupRecord> groups = result.getGroups().getGroupsList().stream()
                .collect(java.util.stream.Collectors.toMap(GroupRecord::getGroup, g -> g));
        assertEquals(Set.of("lobby", "vip"), groups.keySet());
        assertEquals(2, groups.get("lobby").getClientCount());
        assertEquals(Set.of(a.clientId(), b.clientId()), Set.copyOf(groups.get("lobby").getClientIdsList()));
        assertEquals(List.of("alice"), groups.get("lobby").getUidsList());
        assertEquals(1, groups.get("vip").getClientCount());
    }

    @Test
    void groupQueryForNamedGroupsSkipsEmptyOnes() {
        QueryResult result = responder.answer(Query.newBuilder().setRequestId(4)
                .setGroups(GroupQuery.newBuilder().addGroups("vip").addGroups("nobody")).build());

        assertEquals(1, result.getGroups().getGroupsCount());
        assertEquals("vip", result.getGroups().getGroups(0).getGroup());
        assertTrue(result.getGroups().getGroups(0).getClientIdsList().isEmpty());
    }

    @Test
    void aClosedClientIsNoLongerCounted() {
        gateway.hub.closed(a, 1000, "client closed");

        assertEquals(2, responder.answer(clients(5, Target.newBuilder().setAll(true), true)).getClients().getCount());
        assertEquals(1, responder.answer(clients(6, Target.newBuilder().setGroups(list("lobby")), false))
                .getClients().getCount());
    }

    @Test
    void anAnswerLargerThanAFrameIsAnErrorNamingTheLimitWhileSmallerQueriesStillAnswer() {
        ByteString big = ByteString.copyFromUtf8("\"" + "s".repeat(MAX_FRAME_SIZE / 3) + "\"");
        for (TestConnection client : List.of(a, b, c)) {
            gateway.sessions.replace(client.clientId(), Map.of("blob", big));
        }
        Query sessions = Query.newBuilder().setRequestId(12).setClients(ClientQuery.newBuilder()
                .setTarget(Target.newBuilder().setAll(true)).setWithSession(true)).build();
        Query oneSession = Query.newBuilder().setRequestId(13).setClients(ClientQuery.newBuilder()
                .setTarget(Target.newBuilder().setClientIds(list(a.clientId()))).setWithSession(true)).build();

        QueryResult tooLarge = responder.answer(sessions);
        QueryResult fits = responder.answer(oneSession);

        assertTrue(tooLarge.hasError());
        assertEquals(12, tooLarge.getRequestId());
        assertTrue(tooLarge.getError().getReason().contains("gateway.worker.max-frame-size"),
                tooLarge.getError().getReason());
        assertEquals(1, fits.getClients().getClientsCount());
        assertEquals(3, responder.answer(clients(14, Target.newBuilder().setAll(true), true)).getClients().getCount());
    }

    @Test
    void aGroupAnswerWithTooManyIdsIsRefusedToo() {
        QueryResponder small = new QueryResponder(gateway.ids, gateway.registry,
                new TargetSelector(gateway.registry, gateway.groups, gateway.uids), gateway.groups, gateway.uids,
                gateway.sessions, 1024);
        for (int i = 0; i < 60; i++) { // 60 ids of 13 characters and more: over 1 KiB
            gateway.groups.join(gateway.connect(Transport.TCP).clientId(), "crowd");
        }

        QueryResult ids = small.answer(Query.newBuilder().setRequestId(15)
                .setGroups(GroupQuery.newBuilder().addGroups("crowd").setWithClientIds(true)).build());
        QueryResult counts = small.answer(Query.newBuilder().setRequestId(16)
                .setGroups(GroupQuery.newBuilder().addGroups("crowd")).build());

        assertTrue(ids.hasError());
        assertEquals(60, counts.getGroups().getGroups(0).getClientCount());
    }

    @Test
    void malformedQueriesGetAnErrorResult() {
        QueryResult noKind = responder.answer(Query.newBuilder().setRequestId(10).build());
        QueryResult noTarget = responder.answer(Query.newBuilder().setRequestId(11)
                .setClients(ClientQuery.getDefaultInstance()).build());

        assertTrue(noKind.hasError());
        assertEquals(10, noKind.getRequestId());
        assertTrue(noTarget.hasError());
        assertEquals("target has no scope", noTarget.getError().getReason());
    }

    private static Query clients(long requestId, Target.Builder target, boolean countOnly) {
        return Query.newBuilder().setRequestId(requestId)
                .setClients(ClientQuery.newBuilder().setTarget(target).setCountOnly(countOnly)).build();
    }

    private static StringList list(String... values) {
        return StringList.newBuilder().addAllValues(List.of(values)).build();
    }
}
