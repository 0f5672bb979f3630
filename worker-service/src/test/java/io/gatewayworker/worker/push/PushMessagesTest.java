package io.gatewayworker.worker.push;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.TestGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every push command reaches the gateway stream as the Gateway API call it stands for. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushMessagesTest extends PushApiTest {

    private static Send awaitSend(TestGateway gateway) {
        await().atMost(DEADLINE).until(() -> !commands(gateway).isEmpty());
        return commands(gateway).get(0).getSend();
    }

    @Test
    void aClientMessageIsASendToThatClientOnItsGatewayOnly() {
        TestGateway home = joinedGateway();
        TestGateway other = joinedGateway();
        String client = home.gatewayId() + "1f";

        authorized().body("{\"text\":\"héllo\"}").post("/api/v1/clients/" + client + "/messages")
                .then().statusCode(202);

        Send send = awaitSend(home);
        assertEquals(List.of(client), send.getTarget().getClientIds().getValuesList());
        assertEquals(Payload.Kind.TEXT, send.getPayload().getKind());
        assertEquals("héllo", send.getPayload().getData().toStringUtf8());
        assertTrue(commands(other).isEmpty());
    }

    @Test
    void aBase64MessageIsSentAsBinary() {
        TestGateway home = joinedGateway();
        byte[] bytes = {0, 1, (byte) 0xff};

        authorized().body("{\"base64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}")
                .post("/api/v1/clients/" + home.gatewayId() + "2/messages").then().statusCode(202);

        Payload payload = awaitSend(home).getPayload();
        assertEquals(Payload.Kind.BINARY, payload.getKind());
        assertEquals(ByteString.copyFrom(bytes), payload.getData());
    }

    @Test
    void aMessageToSeveralClientsGoesToEachOwningGateway() {
        TestGateway first = joinedGateway();
        TestGateway second = joinedGateway();

        authorized().body("{\"text\":\"x\",\"to\":[\"" + first.gatewayId() + "1\",\"" + second.gatewayId() + "2\"]}")
                .post("/api/v1/clients/messages").then().statusCode(202);

        assertEquals(List.of(first.gatewayId() + "1"), awaitSend(first).getTarget().getClientIds().getValuesList());
        assertEquals(List.of(second.gatewayId() + "2"), awaitSend(second).getTarget().getClientIds().getValuesList());
    }

    @Test
    void aGroupMessageFansOutWithItsExclusions() {
        TestGateway first = joinedGateway();
        TestGateway second = joinedGateway();
        String excluded = first.gatewayId() + "3";

        authorized().body("{\"text\":\"hi\",\"exclude\":[\"" + excluded + "\"]}")
                .post("/api/v1/groups/lobby/messages").then().statusCode(202);

        for (TestGateway gateway : List.of(first, second)) {
            Send send = awaitSend(gateway);
            assertEquals(List.of("lobby"), send.getTarget().getGroups().getValuesList());
            assertEquals(List.of(excluded), send.getExcludeClientIdsList());
            assertEquals("hi", send.getPayload().getData().toStringUtf8());
        }
    }

    @Test
    void aMessageToSeveralGroupsIsOneSendNamingThemAll() {
        TestGateway gateway = joinedGateway();

        authorized().body("{\"text\":\"hi\",\"to\":[\"a\",\"b\"]}").post("/api/v1/groups/messages")
                .then().statusCode(202);

        assertEquals(List.of("a", "b"), awaitSend(gateway).getTarget().getGroups().getValuesList());
    }

    @Test
    void uidMessagesTargetTheUids() {
        TestGateway gateway = joinedGateway();

        authorized().body("{\"text\":\"u\"}").post("/api/v1/uids/alice/messages").then().statusCode(202);
        authorized().body("{\"text\":\"v\",\"to\":[\"bob\",\"carol\"]}").post("/api/v1/uids/messages")
                .then().statusCode(202);

        await().atMost(DEADLINE).until(() -> commands(gateway).size() == 2);
        assertEquals(List.of("alice"), commands(gateway).get(0).getSend().getTarget().getUids().getValuesList());
        assertEquals(List.of("bob", "carol"), commands(gateway).get(1).getSend().getTarget().getUids().getValuesList());
    }

    @Test
    void aBroadcastReachesEveryGatewayWithItsExclusions() {
        TestGateway first = joinedGateway();
        TestGateway second = joinedGateway();
        String excluded = second.gatewayId() + "9";

        authorized().body("{\"text\":\"all\",\"exclude\":[\"" + excluded + "\"]}").post("/api/v1/broadcast")
                .then().statusCode(202);

        for (TestGateway gateway : List.of(first, second)) {
            Send send = awaitSend(gateway);
            assertTrue(send.getTarget().getAll());
            assertEquals(List.of(excluded), send.getExcludeClientIdsList());
        }
    }

    @Test
    void membershipSessionAndCloseCallsGoToTheClientsGateway() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "a";

        authorized().put("/api/v1/groups/lobby/clients/" + client).then().statusCode(202);
        authorized().delete("/api/v1/groups/lobby/clients/" + client).then().statusCode(202);
        authorized().put("/api/v1/uids/alice/clients/" + client).then().statusCode(202);
        authorized().delete("/api/v1/uids/alice/clients/" + client).then().statusCode(202);
        authorized().body("{\"name\":\"bob\"}").put("/api/v1/clients/" + client + "/session").then().statusCode(202);
        authorized().body("{\"score\":3}").patch("/api/v1/clients/" + client + "/session").then().statusCode(202);
        authorized().body("{\"message\":\"bye\"}").post("/api/v1/clients/" + client + "/close").then().statusCode(202);
        authorized().post("/api/v1/clients/" + client + "/close").then().statusCode(202);
        authorized().body("{\"destroy\":true}").post("/api/v1/clients/" + client + "/close").then().statusCode(202);
        authorized().delete("/api/v1/groups/lobby").then().statusCode(202);

        await().atMost(DEADLINE).until(() -> commands(gateway).size() == 10);
        List<Command> commands = commands(gateway);
        assertEquals("lobby", commands.get(0).getJoinGroup().getGroup());
        assertEquals(client, commands.get(0).getJoinGroup().getClientId());
        assertEquals("lobby", commands.get(1).getLeaveGroup().getGroup());
        assertEquals("alice", commands.get(2).getBindUid().getUid());
        assertEquals("alice", commands.get(3).getUnbindUid().getUid());
        assertTrue(commands.get(4).getSession().getReplace());
        assertEquals(ByteString.copyFromUtf8("\"bob\""), commands.get(4).getSession().getSetMap().get("name"));
        assertFalse(commands.get(5).getSession().getReplace());
        assertEquals(ByteString.copyFromUtf8("3"), commands.get(5).getSession().getSetMap().get("score"));
        assertEquals("bye", commands.get(6).getClose().getFinalMessage().getData().toStringUtf8());
        assertFalse(commands.get(7).getClose().hasFinalMessage());
        assertFalse(commands.get(7).getClose().getDestroy());
        assertTrue(commands.get(8).getClose().getDestroy());
        assertEquals(List.of("lobby"), commands.get(9).getUngroup().getGroupsList());
    }

    @Test
    void aClientOfAGatewayOutsideTheViewIsUnreachable() {
        TestGateway gateway = joinedGateway();

        authorized().body("{\"text\":\"x\"}").post("/api/v1/clients/dddddddddddd1/messages")
                .then().statusCode(503)
                .body("gateway", equalTo("dddddddddddd"))
                .body("error", containsString("not in this worker's view"));

        assertOnlyMarkerArrives(gateway);
    }
}
