package io.gatewayworker.worker.push;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.worker.push.PushBatchQueriesTest.Member;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.TestGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Literal paths ({@code /groups/clients}, {@code /groups/uids}, {@code /uids/clients},
 * {@code /counts/groups/uids}, ...) win over the templates they look like; groups and uids with those
 * names stay reachable.
 */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushPathsTest extends PushApiTest {

    @Test
    void aGroupNamedLikeALiteralSegmentIsStillReachable() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "1";
        gateway.answerQueries(PushBatchQueriesTest.holding(
                new Member(client, "u", List.of("clients", "uids", "messages"))));

        authorized().get("/api/v1/groups/clients/clients").then().statusCode(200).body("value", contains(client));
        authorized().get("/api/v1/groups/uids/uids").then().statusCode(200).body("value", contains("u"));
        authorized().get("/api/v1/counts/groups/uids/uids").then().statusCode(200).body("value", equalTo(1));
        // GET /counts/groups/uids is every group's uid count; the member count of group "uids" is the batch form.
        authorized().body("{\"to\":[\"uids\"]}").post("/api/v1/counts/groups").then().statusCode(200)
                .body("value.uids", equalTo(1));
        authorized().get("/api/v1/counts/groups/clients").then().statusCode(200).body("value", equalTo(1));

        List<Query> queries = PushBatchQueriesTest.queries(gateway);
        assertEquals(List.of("clients"), queries.get(0).getClients().getTarget().getGroups().getValuesList());
        assertEquals(List.of("uids"), queries.get(1).getGroups().getGroupsList());
        assertEquals(List.of("uids"), queries.get(3).getGroups().getGroupsList());
        assertEquals(List.of("clients"), queries.get(4).getClients().getTarget().getGroups().getValuesList());

        authorized().put("/api/v1/groups/clients/clients/" + client).then().statusCode(202);
        authorized().delete("/api/v1/groups/clients").then().statusCode(202);
        authorized().delete("/api/v1/groups/uids").then().statusCode(202);
        authorized().delete("/api/v1/groups/messages").then().statusCode(202);
        authorized().body("{\"text\":\"m\"}").post("/api/v1/groups/clients/messages").then().statusCode(202);

        await().atMost(DEADLINE).until(() -> commands(gateway).size() == 5);
        List<Command> commands = commands(gateway);
        assertEquals("clients", commands.get(0).getJoinGroup().getGroup());
        assertEquals(List.of("clients"), commands.get(1).getUngroup().getGroupsList());
        assertEquals(List.of("uids"), commands.get(2).getUngroup().getGroupsList());
        assertEquals(List.of("messages"), commands.get(3).getUngroup().getGroupsList());
        assertEquals(List.of("clients"), commands.get(4).getSend().getTarget().getGroups().getValuesList());
    }

    @Test
    void aUidNamedLikeALiteralSegmentIsStillReachable() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "2";
        gateway.answerQueries(PushBatchQueriesTest.holding(new Member(client, "clients", List.of())));

        authorized().get("/api/v1/uids/clients/clients").then().statusCode(200).body("value", contains(client));
        authorized().get("/api/v1/uids/clients/online").then().statusCode(200).body("value", equalTo(true));
        authorized().get("/api/v1/uids/online/online").then().statusCode(200).body("value", equalTo(false));
        authorized().get("/api/v1/counts/uids/clients").then().statusCode(200).body("value", equalTo(1));
        authorized().body("{\"text\":\"m\"}").post("/api/v1/uids/clients/messages").then().statusCode(202);
        authorized().put("/api/v1/uids/online/clients/" + client).then().statusCode(202);

        await().atMost(DEADLINE).until(() -> commands(gateway).size() == 2);
        assertEquals(List.of("clients"), commands(gateway).get(0).getSend().getTarget().getUids().getValuesList());
        assertEquals("online", commands(gateway).get(1).getBindUid().getUid());
    }
}
