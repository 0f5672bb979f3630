package io.gatewayworker.cluster;

import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.membersOf;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.ChatProtocol;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.SharedCluster;
import io.gatewayworker.cluster.harness.Transport;
import io.gatewayworker.cluster.harness.WorkerNode;

/**
 * The workers' HTTP push API on the real cluster: an application outside the workers reaches chat
 * clients on both gateways through either worker, and a wrong token changes nothing. "Exactly once"
 * and "nothing" are proven with a marker pushed afterwards: pushes from one worker reach a gateway in
 * order on one stream, so anything extra would have arrived before the marker.
 */
@ExtendWith(SharedCluster.class)
@Order(2)
class PushApiClusterIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static LocalCluster cluster;

    private final List<ChatClient> clients = new ArrayList<>();

    private record Member(ChatClient client, String id, String name) {
    }

    @BeforeAll
    static void useSharedCluster(LocalCluster shared) {
        cluster = shared;
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
    }

    @Test
    void aGroupPushReachesMembersOnBothGatewaysOnceAndAWrongTokenChangesNothing() throws Exception {
        String room = unique("push-room");
        Member alice = join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = join(cluster.gateway(2), TCP, unique("bob"), room);

        HttpResponse<String> refused = post(cluster.worker(1), "/api/v1/groups/" + room + "/messages",
                message("refused"), "wrong-token");
        assertEquals(401, refused.statusCode(), refused::body);
        HttpResponse<String> accepted = post(cluster.worker(1), "/api/v1/groups/" + room + "/messages",
                message("hello room"), LocalCluster.PUSH_TOKEN);
        assertEquals(202, accepted.statusCode(), accepted::body);
        assertEquals(202, post(cluster.worker(1), "/api/v1/groups/" + room + "/messages", message("marker"),
                LocalCluster.PUSH_TOKEN).statusCode());

        for (Member member : List.of(alice, bob)) {
            JsonNode marker = member.client().await("the marker push", pushed("marker"));
            List<JsonNode> before = member.client().inbox().before(marker);
            assertEquals(1, before.stream().filter(pushed("hello room")).count(), () -> member.name() + " got " + before);
            assertFalse(before.stream().anyMatch(pushed("refused")), () -> member.name() + " got " + before);
        }
    }

    @Test
    void pushesToAClientIdAndToAUidReachTheirClientsAcrossGateways() throws Exception {
        String room = unique("push-direct");
        Member alice = join(cluster.gateway(1), TCP, unique("alice"), room);
        Member bob = join(cluster.gateway(2), WEBSOCKET, unique("bob"), room);

        assertEquals(202, post(cluster.worker(1), "/api/v1/clients/" + bob.id() + "/messages",
                message("for bob"), LocalCluster.PUSH_TOKEN).statusCode());
        assertEquals(202, post(cluster.worker(2), "/api/v1/uids/" + alice.name() + "/messages",
                message("for alice"), LocalCluster.PUSH_TOKEN).statusCode());

        bob.client().await("the push to bob's client id", pushed("for bob"));
        alice.client().await("the push to alice's uid", pushed("for alice"));
    }

    @Test
    void queriesCountAndListTheClientsOfEveryGateway() throws Exception {
        String room = unique("push-query");
        Member alice = join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = join(cluster.gateway(2), TCP, unique("bob"), room);

        JsonNode count = getJson(cluster.worker(2), "/api/v1/counts/groups/" + room);
        assertEquals(2, count.path("value").asLong(), count::toString);
        assertFalse(count.path("partial").asBoolean(), count::toString);
        JsonNode list = getJson(cluster.worker(1), "/api/v1/groups/" + room + "/clients");
        List<String> ids = new ArrayList<>();
        list.path("value").forEach(id -> ids.add(id.asText()));
        assertTrue(ids.containsAll(List.of(alice.id(), bob.id())) && ids.size() == 2, list::toString);
    }

    // --- helpers -------------------------------------------------------------------------------

    private Member join(GatewayNode gateway, Transport transport, String name, String room) {
        ChatClient client = gateway.connect(transport, name);
        clients.add(client);
        String id = client.awaitType("welcome").path("client_id").asText();
        client.send(login(name, room));
        client.await("the members of " + room, membersOf(room));
        return new Member(client, id, name);
    }

    /** A push body whose text is a JSON message the chat clients can parse. */
    private static String message(String content) {
        String text = ChatProtocol.message("push").put("content", content).toString();
        return ChatProtocol.JSON.createObjectNode().put("text", text).toString();
    }

    private static Predicate<JsonNode> pushed(String content) {
        return ChatProtocol.type("push").and(m -> content.equals(m.path("content").asText()));
    }

    private static HttpResponse<String> post(WorkerNode worker, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(worker.process().uri(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(WorkerNode worker, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(worker.process().uri(path))
                .header("Authorization", "Bearer " + LocalCluster.PUSH_TOKEN).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return ChatProtocol.JSON.readTree(response.body());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet();
    }
}
