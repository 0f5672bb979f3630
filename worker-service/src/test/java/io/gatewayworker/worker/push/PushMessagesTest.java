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

    @Test
    void rawReachesTheGatewayOnEverySendAndOnACloseMessage() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "b";

        authorized().body("{\"text\":\"one\",\"raw\":true}").post("/api/v1/clients/" + client + "/messages")
                .then().statusCode(202);
        authorized().body("{\"base64\":\"AAE=\",\"raw\":true,\"to\":[\"" + client + "\"]}")
                .post("/api/v1/clients/messages").then().statusCode(202);
        authorized().body("{\"text\":\"three\",\"raw\":true}").post("/api/v1/groups/lobby/messages")
                .then().statusCode(202);
        authorized().body("{\"text\":\"four\",\"raw\":true,\"to\":[\"a\",\"b\"]}").post("/api/v1/groups/messages")
                .then().statusCode(202);
        authorized().body("{\"text\":\"five\",\"raw\":true}").post("/api/v1/uids/alice/messages")
                .then().statusCode(202);
        authorized().body("{\"text\":\"six\",\"raw\":true,\"to\":[\"bob\"]}").post("/api/v1/uids/messages")
                .then().statusCode(202);
        authorized().body("{\"text\":\"seven\",\"raw\":true}").post("/api/v1/broadcast").then().statusCode(202);
        authorized().body("{\"message\":\"bye\",\"raw\":true}").post("/api/v1/clients/" + client + "/close")
                .then().statusCode(202);
        authorized().body("{\"text\":\"framed\",\"raw\":false}").post("/api/v1/clients/" + client + "/messages")
                .then().statusCode(202);
        authorized().body("{\"base64\":\"AAI=\"}").post("/api/v1/clients/" + client + "/close").then().statusCode(202);

        await().atMost(DEADLINE).until(() -> commands(gateway).size() == 10);
        List<Command> commands = commands(gateway);
        for (int i = 0; i < 7; i++) {
            assertTrue(commands.get(i).getSend().getPayload().getRaw(), "send " + i + " not raw: " + commands.get(i));
        }
        assertEquals(Payload.Kind.BINARY, commands.get(1).getSend().getPayload().getKind());
        assertEquals("three", commands.get(2).getSend().getPayload().getData().toStringUtf8());
        assertTrue(commands.get(6).getSend().getTarget().getAll());
        Payload last = commands.get(7).getClose().getFinalMessage();
        assertTrue(last.getRaw());
        assertEquals("bye", last.getData().toStringUtf8());
        assertFalse(commands.get(8).getSend().getPayload().getRaw());
        Payload binaryLast = commands.get(9).getClose().getFinalMessage();
        assertFalse(binaryLast.getRaw());
        assertEquals(Payload.Kind.BINARY, binaryLast.getKind());
        assertEquals(ByteString.copyFrom(new byte[] {0, 2}), binaryLast.getData());
    }

    @Test
    void aMessageToSeveralClientsSkipsTheExcludedOnes() {
        TestGateway first = joinedGateway();
        TestGateway second = joinedGateway();
        String kept = first.gatewayId() + "1";
        String excluded = first.gatewayId() + "2";
        String onlyExcluded = second.gatewayId() + "3";

        authorized().body("{\"text\":\"x\",\"to\":[\"" + kept + "\",\"" + excluded + "\",\"" + onlyExcluded
                + "\"],\"exclude\":[\"" + excluded + "\",\"" + onlyExcluded + "\"]}")
                .post("/api/v1/clients/messages").then().statusCode(202);

        assertEquals(List.of(kept), awaitSend(first).getTarget().getClientIds().getValuesList());
        // The second gateway owns only an excluded client: it is not contacted at all.
        assertOnlyMarkerArrives(second);
    }

    @Test
    void aBroadcastToListedClientsGoesOnlyToTheirGatewaysWithoutTheExcluded() {
        TestGateway first = joinedGateway();
        TestGateway second = joinedGateway();
        TestGateway uninvolved = joinedGateway();
        String a = first.gatewayId() + "a";
        String b = second.gatewayId() + "b";
        String c = second.gatewayId() + "c";

        authorized().body("{\"text\":\"some\",\"to\":[\"" + a + "\",\"" + b + "\",\"" + c + "\"],\"exclude\":[\""
                + c + "\"]}").post("/api/v1/broadcast").then().statusCode(202);

        Send toFirst = awaitSend(first);
        assertEquals(List.of(a), toFirst.getTarget().getClientIds().getValuesList());
        assertEquals(List.of(b), awaitSend(second).getTarget().getClientIds().getValuesList());
        assertEquals("some", toFirst.getPayload().getData().toStringUtf8());
        assertOnlyMarkerArrives(uninvolved);
    }
}
