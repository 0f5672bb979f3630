package io.gatewayworker.cluster;

import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.client.ChatProtocol.push;
import static io.gatewayworker.cluster.client.ChatProtocol.pushed;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.PushApi;
import io.gatewayworker.cluster.harness.SharedCluster;

/**
 * The workers' HTTP push API on the real cluster: an application outside the workers reaches chat
 * clients on both gateways through either worker, and a wrong token changes nothing. "Exactly once"
 * and "nothing" are proven with a marker pushed afterwards: pushes from one worker reach a gateway in
 * order on one stream, so anything extra would have arrived before the marker.
 */
@ExtendWith(SharedCluster.class)
@Order(2)
class PushApiClusterIT {

    private static LocalCluster cluster;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void useSharedCluster(LocalCluster shared) {
        cluster = shared;
    }

    @Test
    void aGroupPushReachesMembersOnBothGatewaysOnceAndAWrongTokenChangesNothing() {
        String room = unique("push-room");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);
        PushApi worker1 = PushApi.of(cluster.worker(1));

        worker1.withToken("wrong-token").post("/api/v1/groups/" + room + "/messages", PushApi.text(push("refused")))
                .expect(401);
        worker1.post("/api/v1/groups/" + room + "/messages", PushApi.text(push("hello room"))).expect(202);
        worker1.post("/api/v1/groups/" + room + "/messages", PushApi.text(push("marker"))).expect(202);

        for (Member member : List.of(alice, bob)) {
            JsonNode marker = member.client().await("the marker push", pushed("marker"));
            List<JsonNode> before = member.client().inbox().before(marker);
            assertEquals(1, before.stream().filter(pushed("hello room")).count(), () -> member.name() + " got " + before);
            assertFalse(before.stream().anyMatch(pushed("refused")), () -> member.name() + " got " + before);
        }
    }

    @Test
    void pushesToAClientIdAndToAUidReachTheirClientsAcrossGateways() {
        String room = unique("push-direct");
        Member alice = members.join(cluster.gateway(1), TCP, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), WEBSOCKET, unique("bob"), room);

        PushApi.of(cluster.worker(1)).post("/api/v1/clients/" + bob.id() + "/messages", PushApi.text(push("for bob")))
                .expect(202);
        PushApi.of(cluster.worker(2)).post("/api/v1/uids/" + alice.name() + "/messages", PushApi.text(push("for alice")))
                .expect(202);

        bob.client().await("the push to bob's client id", pushed("for bob"));
        alice.client().await("the push to alice's uid", pushed("for alice"));
    }

    @Test
    void queriesCountAndListTheClientsOfEveryGateway() {
        String room = unique("push-query");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);

        PushApi.Answer count = PushApi.of(cluster.worker(2)).query("/api/v1/counts/groups/" + room);
        assertEquals(2, count.asLong(), count::toString);
        assertFalse(count.partial(), count::toString);
        PushApi.Answer list = PushApi.of(cluster.worker(1)).query("/api/v1/groups/" + room + "/clients");
        assertEquals(Set.of(alice.id(), bob.id()), list.asSet(), list::toString);
    }

    // --- helpers -------------------------------------------------------------------------------

}
