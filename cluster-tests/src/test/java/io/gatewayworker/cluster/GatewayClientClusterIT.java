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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatewayworker.client.ClientInfo;
import io.gatewayworker.client.ClientQueries;
import io.gatewayworker.client.ClientResult;
import io.gatewayworker.client.GatewayClient;
import io.gatewayworker.client.GatewayClientException;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.SharedCluster;
import io.gatewayworker.wire.OutboundMessage;

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

        ClientResult<Long> count = gatewayClient.queries().getClientCountByGroup(room);
        assertEquals(2L, count.value(), count::toString);
        assertFalse(count.partial(), count::toString);
        ClientResult<List<String>> ids = gatewayClient.queries().getClientIdListByGroup(room);
        assertEquals(Set.of(alice.id(), bob.id()), Set.copyOf(ids.value()), ids::toString);
        assertTrue(gatewayClient.isOnline(bob.id()));

        gatewayClient.sendToClient(bob.id(), push("for bob"));
        bob.client().await("the send to bob's client id", pushed("for bob"));
    }

    @Test
    void rawSendsClientListsMapsSessionsAndDestroyWorkAcrossBothGateways() {
        String room = unique("client-maps");
        Member alice = members.join(cluster.gateway(1), TCP, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), WEBSOCKET, unique("bob"), room);
        Member carol = members.join(cluster.gateway(2), TCP, unique("carol"), room);

        // Raw bypasses the text codec's newline: two raw halves arrive as one line, one message.
        String line = push("raw halves");
        gatewayClient.sendToClient(alice.id(), OutboundMessage.text(line.substring(0, 10)).raw());
        gatewayClient.sendToClient(alice.id(), OutboundMessage.text(line.substring(10) + "\n").raw());
        alice.client().await("one message from two raw halves", pushed("raw halves"));

        // A client list reaches only the listed clients, each once, on whichever gateway holds them.
        gatewayClient.sendToAll(OutboundMessage.text(push("listed")), List.of(alice.id(), carol.id()), List.of(carol.id()));
        gatewayClient.sendToGroup(room, push("marker"));
        for (Member member : List.of(alice, bob, carol)) {
            JsonNode marker = member.client().await("the marker send", pushed("marker"));
            long listed = member.client().inbox().before(marker).stream().filter(pushed("listed")).count();
            assertEquals(member == alice ? 1 : 0, listed, () -> member.name() + " got " + listed);
        }

        ClientQueries queries = gatewayClient.queries();
        assertTrue(queries.getAllClientIdList().value().containsAll(List.of(alice.id(), bob.id(), carol.id())));
        Map<String, Map<String, Object>> sessions = queries.getClientSessionsByGroup(room).value();
        assertEquals(Set.of(alice.id(), bob.id(), carol.id()), sessions.keySet());
        assertEquals(bob.name(), sessions.get(bob.id()).get("name"), sessions::toString);
        assertEquals(alice.name(), queries.getAllClientSessions().value().get(alice.id()).get("name"));
        ClientInfo info = queries.getClientInfoByGroup(room).value().get(carol.id());
        assertEquals(Optional.of(carol.name()), info.uid(), info::toString);
        assertEquals(Set.of(room), info.groups(), info::toString);
        assertEquals(Set.of(alice.name(), bob.name(), carol.name()), queries.getUidListByGroup(room).value());
        assertEquals(Set.of(alice.id(), bob.id(), carol.id()), Set.copyOf(queries.getAllGroupClientIdList().value().get(room)));
        assertEquals(3L, queries.getAllGroupClientIdCount().value().get(room));
        assertEquals(Set.of(alice.name(), bob.name(), carol.name()), queries.getAllGroupUidList().value().get(room));
        assertEquals(Map.of(alice.name(), true, "nobody-" + room, false),
                queries.isUidsOnline(List.of(alice.name(), "nobody-" + room)).value());
        assertEquals(Optional.of(bob.name()), gatewayClient.getUidByClientId(bob.id()));

        // destroy: the connection goes now, and the cluster forgets it.
        gatewayClient.destroyClient(carol.id());
        carol.client().inbox().awaitClosed(ChatClient.DEFAULT_TIMEOUT);
        Awaitility.await().atMost(ChatClient.DEFAULT_TIMEOUT)
                .until(() -> !gatewayClient.queries().getClientIdListByGroup(room).value().contains(carol.id()));
        assertFalse(gatewayClient.isOnline(carol.id()));
    }

    // --- helpers -------------------------------------------------------------------------------

}
