package io.gatewayworker.cluster;

import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.client.ChatProtocol.push;
import static io.gatewayworker.cluster.client.ChatProtocol.pushed;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatewayworker.client.ClientResult;
import io.gatewayworker.client.GatewayClient;
import io.gatewayworker.client.GatewayClientException;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.SharedCluster;

/**
 * The GatewayClient library on the real cluster: an application that runs no worker reaches chat
 * clients on both gateways over the gRPC contract with the cluster secret, and a wrong secret is
 * refused with a clear exception and changes nothing. "Exactly once" and "nothing" are proven with a
 * marker sent afterwards: the library's calls to one gateway complete in order, so anything extra
 * would have arrived before the marker.
 */
@ExtendWith(SharedCluster.class)
@Order(2)
class GatewayClientClusterIT {

    private static LocalCluster cluster;
    private static GatewayClient gatewayClient;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void connect(LocalCluster shared) {
        cluster = shared;
        gatewayClient = GatewayClient.builder().registerAddresses(List.of(cluster.registerAddress()))
                .secret(cluster.secret()).queryTimeout(Duration.ofSeconds(5)).name("cluster-test-client").build();
        assertTrue(gatewayClient.awaitGateways(cluster.gateways().size(), LocalCluster.STARTUP_TIMEOUT),
                () -> "gateways seen: " + gatewayClient.gateways());
    }

    @AfterAll
    static void disconnect() {
        if (gatewayClient != null) {
            gatewayClient.close();
        }
    }

    @Test
    void aGroupSendReachesMembersOnBothGatewaysOnceAndAWrongSecretChangesNothing() {
        String room = unique("client-room");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);

        try (GatewayClient intruder = GatewayClient.builder().registerAddresses(List.of(cluster.registerAddress()))
                .secret("wrong-" + cluster.secret()).queryTimeout(Duration.ofSeconds(5)).build()) {
            GatewayClientException refused = assertThrows(GatewayClientException.class,
                    () -> intruder.sendToGroup(room, push("refused")));
            assertEquals(GatewayClientException.Reason.UNAUTHENTICATED, refused.reason(), refused::getMessage);
            assertTrue(refused.getMessage().contains("secret"), refused::getMessage);
        }
        gatewayClient.sendToGroup(room, push("hello room"));
        gatewayClient.sendToGroup(room, push("marker"));

        for (Member member : List.of(alice, bob)) {
            JsonNode marker = member.client().await("the marker send", pushed("marker"));
            List<JsonNode> before = member.client().inbox().before(marker);
            assertEquals(1, before.stream().filter(pushed("hello room")).count(), () -> member.name() + " got " + before);
            assertFalse(before.stream().anyMatch(pushed("refused")), () -> member.name() + " got " + before);
        }
    }

    @Test
    void queriesCountAndListTheClientsOfEveryGatewayAndOneClientIsReachedByItsId() {
        String room = unique("client-query");
        Member alice = members.join(cluster.gateway(1), TCP, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), WEBSOCKET, unique("bob"), room);

        ClientResult<Long> count = gatewayClient.getClientCountByGroup(room);
        assertEquals(2L, count.value(), count::toString);
        assertFalse(count.partial(), count::toString);
        ClientResult<List<String>> ids = gatewayClient.getClientIdListByGroup(room);
        assertEquals(Set.of(alice.id(), bob.id()), Set.copyOf(ids.value()), ids::toString);
        assertTrue(gatewayClient.isOnline(bob.id()));

        gatewayClient.sendToClient(bob.id(), push("for bob"));
        bob.client().await("the send to bob's client id", pushed("for bob"));
    }

    // --- helpers -------------------------------------------------------------------------------

}
