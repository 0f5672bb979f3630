package io.gatewayworker.worker.push;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupQueryResult;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.TestGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The batch and all-groups queries ask every gateway once and merge the answers; each gateway here
 * answers from a small table of its clients, as a real gateway would.
 */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushBatchQueriesTest extends PushApiTest {

    /** A connected client as its gateway knows it; uid "" when none. */
    record Member(String clientId, String uid, List<String> groups) {
    }

    /** Answers every query the way a gateway holding these clients would. */
    static Function<Query, Optional<QueryResult>> holding(Member... members) {
        return query -> Optional.of(query.hasGroups() ? groups(query.getGroups(), members)
                : clients(query.getClients(), members));
    }

    private static QueryResult clients(ClientQuery query, Member[] members) {
        Target target = query.getTarget();
        Predicate<Member> matches = switch (target.getScopeCase()) {
            case ALL -> member -> true;
            case CLIENT_IDS -> member -> target.getClientIds().getValuesList().contains(member.clientId());
            case GROUPS -> member -> member.groups().stream().anyMatch(target.getGroups().getValuesList()::contains);
            case UIDS -> member -> target.getUids().getValuesList().contains(member.uid());
            default -> member -> false;
        };
        ClientQueryResult.Builder result = ClientQueryResult.newBuilder();
        for (Member member : members) {
            if (matches.test(member)) {
                result.setCount(result.getCount() + 1);
                if (!query.getCountOnly()) {
                    result.addClients(ClientRecord.newBuilder().setClientId(member.clientId())
                            .setUid(query.getWithUid() ? member.uid() : "")
                            .addAllGroups(query.getWithGroups() ? member.groups() : List.of()));
                }
            }
        }
        return QueryResult.newBuilder().setClients(result).build();
    }

    private static QueryResult groups(GroupQuery query, Member[] members) {
        Map<String, GroupRecord.Builder> records = new LinkedHashMap<>();
        for (Member member : members) {
            for (String group : member.groups()) {
                if (query.getGroupsCount() > 0 && !query.getGroupsList().contains(group)) {
                    continue;
                }
                GroupRecord.Builder record = records.computeIfAbsent(group,
                        name -> GroupRecord.newBuilder().setGroup(name));
                record.setClientCount(record.getClientCount() + 1);
                if (query.getWithClientIds()) {
                    record.addClientIds(member.clientId());
                }
                if (query.getWithUids() && !member.uid().isEmpty() && !record.getUidsList().contains(member.uid())) {
                    record.addUids(member.uid());
                }
            }
        }
        GroupQueryResult.Builder result = GroupQueryResult.newBuilder();
        records.values().forEach(result::addGroups);
        return QueryResult.newBuilder().setGroups(result).build();
    }

    static List<Query> queries(TestGateway gateway) {
        return gateway.received().stream().filter(WorkerMessage::hasQuery).map(WorkerMessage::getQuery).toList();
    }

    private TestGateway first;
    private TestGateway second;
    private String c1;
    private String c2;
    private String c3;
    private String c4;
    private String c5;

    /**
     * Two gateways: alice is connected on both, dave and bob on one each; lobby spans both gateways,
     * solo's only member has no uid.
     */
    private void twoGateways() {
        first = joinedGateway();
        second = joinedGateway();
        c1 = first.gatewayId() + "1";
        c2 = first.gatewayId() + "2";
        c3 = second.gatewayId() + "3";
        c4 = second.gatewayId() + "4";
        c5 = second.gatewayId() + "5";
        first.answerQueries(holding(new Member(c1, "alice", List.of("lobby", "vip")),
                new Member(c2, "dave", List.of("lobby"))));
        second.answerQueries(holding(new Member(c3, "alice", List.of("lobby")),
                new Member(c4, "bob", List.of("quiet")), new Member(c5, "", List.of("solo"))));
    }

    @Test
    void batchClientIdsByUidListEveryAskedUid() {
        twoGateways();

        authorized().body("{\"to\":[\"alice\",\"bob\",\"carol\"]}").post("/api/v1/uids/clients").then()
                .statusCode(200)
                .body("value.alice", containsInAnyOrder(c1, c3))
                .body("value.bob", contains(c4))
                .body("value.carol", empty())
                .body("partial", equalTo(false));

        Query query = queries(first).get(0);
        assertEquals(List.of("alice", "bob", "carol"), query.getClients().getTarget().getUids().getValuesList());
        assertEquals(1, queries(second).size());
    }

    @Test
    void batchOnlineSaysForEachUid() {
        twoGateways();

        authorized().body("{\"to\":[\"bob\",\"carol\",\"alice\"]}").post("/api/v1/uids/online").then()
                .statusCode(200)
                .body("value", aMapWithSize(3))
                .body("value.alice", equalTo(true))
                .body("value.bob", equalTo(true))
                .body("value.carol", equalTo(false))
                .body("partial", equalTo(false));
        assertEquals(List.of("bob", "carol", "alice"),
                queries(second).get(0).getClients().getTarget().getUids().getValuesList());
    }

    @Test
    void batchGroupCountsAreSummedWithZeroForEmptyGroups() {
        twoGateways();

        authorized().body("{\"to\":[\"lobby\",\"quiet\",\"none\"]}").post("/api/v1/counts/groups").then()
                .statusCode(200)
                .body("value", aMapWithSize(3))
                .body("value.lobby", equalTo(3))
                .body("value.quiet", equalTo(1))
                .body("value.none", equalTo(0));
        assertEquals(List.of("lobby", "quiet", "none"), queries(first).get(0).getGroups().getGroupsList());
        // GET on the same path still counts every group.
        authorized().get("/api/v1/counts/groups").then().statusCode(200)
                .body("value", aMapWithSize(4)).body("value.solo", equalTo(1)).body("value.lobby", equalTo(3));
    }

    @Test
    void everyGroupsClientsAndUidsAreMerged() {
        twoGateways();

        authorized().get("/api/v1/groups/clients").then().statusCode(200)
                .body("value", aMapWithSize(4))
                .body("value.lobby", containsInAnyOrder(c1, c2, c3))
                .body("value.vip", contains(c1))
                .body("value.quiet", contains(c4))
                .body("value.solo", contains(c5))
                .body("partial", equalTo(false));
        authorized().get("/api/v1/groups/uids").then().statusCode(200)
                .body("value", aMapWithSize(3))
                .body("value", not(hasKey("solo")))
                .body("value.lobby", containsInAnyOrder("alice", "dave"))
                .body("value.vip", contains("alice"))
                .body("value.quiet", contains("bob"));
        authorized().get("/api/v1/counts/groups/uids").then().statusCode(200)
                .body("value", aMapWithSize(3))
                .body("value.lobby", equalTo(2))
                .body("value.vip", equalTo(1))
                .body("value.quiet", equalTo(1));
    }

    @Test
    void uidCountsCountDistinctUids() {
        twoGateways();

        authorized().get("/api/v1/counts/uids").then().statusCode(200).body("value", equalTo(3))
                .body("partial", equalTo(false));
        authorized().get("/api/v1/counts/groups/lobby/uids").then().statusCode(200).body("value", equalTo(2));
        authorized().get("/api/v1/counts/groups/solo/uids").then().statusCode(200).body("value", equalTo(0));
        assertEquals(List.of("lobby"), queries(first).get(1).getGroups().getGroupsList());
    }

    @Test
    void aSilentGatewayMakesEveryNewQueryPartialWithinTheDeadline() {
        TestGateway answering = joinedGateway();
        TestGateway silent = joinedGateway(); // answers no query
        String client = answering.gatewayId() + "1";
        answering.answerQueries(holding(new Member(client, "alice", List.of("lobby"))));

        authorized().body("{\"to\":[\"alice\",\"bob\"]}").post("/api/v1/uids/online").then().statusCode(200)
                .time(lessThan(DEADLINE.toMillis()))
                .body("value.alice", equalTo(true))
                .body("value.bob", equalTo(false))
                .body("partial", equalTo(true))
                .body("missingGateways", contains(silent.gatewayId()));
        authorized().body("{\"to\":[\"alice\"]}").post("/api/v1/uids/clients").then().statusCode(200)
                .time(lessThan(DEADLINE.toMillis()))
                .body("value.alice", contains(client))
                .body("missingGateways", contains(silent.gatewayId()));
        authorized().body("{\"to\":[\"lobby\"]}").post("/api/v1/counts/groups").then().statusCode(200)
                .time(lessThan(DEADLINE.toMillis()))
                .body("value.lobby", equalTo(1))
                .body("missingGateways", contains(silent.gatewayId()));
        authorized().get("/api/v1/groups/clients").then().statusCode(200)
                .time(lessThan(DEADLINE.toMillis()))
                .body("value.lobby", contains(client))
                .body("partial", equalTo(true))
                .body("missingGateways", contains(silent.gatewayId()));
        authorized().get("/api/v1/counts/uids").then().statusCode(200)
                .time(lessThan(DEADLINE.toMillis()))
                .body("value", equalTo(1))
                .body("missingGateways", contains(silent.gatewayId()));
    }
}
