package io.gatewayworker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.ChatProtocol;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.SharedCluster;
import io.gatewayworker.cluster.harness.Transport;
import io.gatewayworker.cluster.harness.WorkerNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.client.ChatProtocol.echo;
import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.loginOf;
import static io.gatewayworker.cluster.client.ChatProtocol.logoutOf;
import static io.gatewayworker.cluster.client.ChatProtocol.membersOf;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.client.ChatProtocol.sayToClient;
import static io.gatewayworker.cluster.client.ChatProtocol.sayToUid;
import static io.gatewayworker.cluster.client.ChatProtocol.type;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

/**
 * The example chat app on a real cluster: a register, two gateways and two workers, each its own
 * JVM from the packaged apps, the {@link SharedCluster}. Every test uses its own rooms and names.
 * Its last two tests change the topology (a third gateway, a third worker, the first two workers
 * gone), so this class runs last in the module.
 *
 * <p>"Did not receive" is proven without waiting for silence: after the message that must not
 * arrive, the same sender sends a marker the observer does receive. The sender's events are
 * handled in order by one worker, whose commands reach each gateway in order on one stream, so
 * anything wrongly delivered would have arrived before the marker.
 */
@ExtendWith(SharedCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3)
class ChatClusterIT {

    /** Topology changes run after every other test (unordered tests have a middle order). */
    private static final int LATE_GATEWAY = Integer.MAX_VALUE - 1;
    private static final int LATE_WORKER = Integer.MAX_VALUE;
    private static final String CLIENT_ID = "^[0-9a-f]{13,28}$";
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(60);

    private static LocalCluster cluster;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void useSharedCluster(LocalCluster shared) {
        cluster = shared;
    }

    @Test
    void welcomesEveryClientWithAnIdOwnedByItsGateway() {
        Set<String> ids = new HashSet<>();
        for (GatewayNode gateway : List.of(cluster.gateway(1), cluster.gateway(2))) {
            for (Transport transport : Transport.values()) {
                String id = welcome(members.open(gateway, transport, "newcomer"));
                assertTrue(id.matches(CLIENT_ID), "a client id, got " + id);
                assertTrue(id.startsWith(gateway.id()), id + " starts with the id of " + gateway.name() + ", " + gateway.id());
                ids.add(id);
            }
        }
        assertEquals(4, ids.size(), "client ids are never reused: " + ids);
    }

    @Test
    void webSocketClientOnGateway1AndTcpClientOnGateway2ShareARoom() {
        String room = unique("lobby");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);

        JsonNode bobsLogin = alice.client().await("bob's login", loginOf(bob.id()));
        assertEquals(bob.name(), bobsLogin.path("name").asText(), bobsLogin::toString);
        assertEquals(room, bobsLogin.path("room").asText(), bobsLogin::toString);
        assertTrue(bobsLogin.path("time").isNumber(), () -> "time is epoch millis: " + bobsLogin);
        JsonNode members = bob.client().await("the members of " + room, membersOf(room));
        assertTrue(members.path("members").findValuesAsText("client_id").containsAll(List.of(alice.id(), bob.id())),
                members::toString);
        assertTrue(members.path("members").findValuesAsText("name").containsAll(List.of(alice.name(), bob.name())),
                members::toString);

        alice.client().send(say("hello from the websocket"));
        assertSaid(bob, "hello from the websocket", alice, "room");
        assertSaid(alice, "hello from the websocket", alice, "room");
        bob.client().send(say("hello from tcp"));
        assertSaid(alice, "hello from tcp", bob, "room");
    }

    @Test
    void roomsAreIsolated() {
        String roomA = unique("room-a");
        String roomB = unique("room-b");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), roomA);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), roomA);
        Member carol = members.join(cluster.gateway(2), WEBSOCKET, unique("carol"), roomB);
        Member dave = members.join(cluster.gateway(1), TCP, unique("dave"), roomB);

        alice.client().send(say("only for room a"));
        bob.client().await("alice's message", said("only for room a"));
        dave.client().send(say("only for room b"));
        carol.client().await("dave's message", said("only for room b"));

        assertNotReceivedBefore(markerFrom(alice, carol), carol, said("only for room a").or(loginOf(alice.id())));
        assertNotReceivedBefore(markerFrom(alice, dave), dave, said("only for room a").or(loginOf(bob.id())));
        assertNotReceivedBefore(markerFrom(dave, alice), alice, said("only for room b").or(loginOf(carol.id())));
        assertNotReceivedBefore(markerFrom(dave, bob), bob, said("only for room b").or(loginOf(dave.id())));
    }

    @Test
    void messageToAClientIdReachesOnlyThatClientAndTheSenderAcrossGateways() {
        String room = unique("private");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);
        Member eve = members.join(cluster.gateway(2), WEBSOCKET, unique("eve"), room);
        Member frank = members.join(cluster.gateway(1), TCP, unique("frank"), room);

        alice.client().send(sayToClient("psst, bob", bob.id()));
        assertSaid(bob, "psst, bob", alice, "client");
        assertSaid(alice, "psst, bob", alice, "client");

        alice.client().send(say("end of secrets"));
        for (Member bystander : List.of(eve, frank)) {
            JsonNode marker = bystander.client().await("alice's room message", said("end of secrets"));
            assertNotReceivedBefore(marker, bystander, said("psst, bob"));
        }
    }

    @Test
    void messageToAUidReachesEveryConnectionOfThatUserAndTheSender() {
        String room = unique("uid");
        String bobName = unique("bob");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bobOnTcp = members.join(cluster.gateway(2), TCP, bobName, room);
        Member bobOnWebSocket = members.join(cluster.gateway(1), WEBSOCKET, bobName, room);
        Member eve = members.join(cluster.gateway(2), WEBSOCKET, unique("eve"), room);

        alice.client().send(sayToUid("for every bob", bobName));
        assertSaid(bobOnTcp, "for every bob", alice, "uid");
        assertSaid(bobOnWebSocket, "for every bob", alice, "uid");
        assertSaid(alice, "for every bob", alice, "uid");

        alice.client().send(say("end of uid message"));
        JsonNode marker = eve.client().await("alice's room message", said("end of uid message"));
        assertNotReceivedBefore(marker, eve, said("for every bob"));
    }

    /**
     * A client's events are handled in order, so a message sent right after {@code login}, without
     * waiting for its reply, must see the session the login handler wrote.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMessageSentRightAfterLoginSeesTheSessionTheLoginWrote(Transport transport) {
        String room = unique("pipelined");
        String name = unique("eager");
        ChatClient eager = members.open(cluster.gateway(2), transport, name);
        welcome(eager);

        eager.send(login(name, room));
        eager.send(say("no waiting"));

        JsonNode reply = eager.await("its own message or an error", said("no waiting").or(type("error")));
        assertEquals("say", reply.path("type").asText(), () -> "the say was handled after the login: " + reply);
        assertEquals(name, reply.path("from_name").asText(), reply::toString);
    }

    @Test
    void theSessionCarriesTheNameFromLoginAcrossMessages() {
        String room = unique("session");
        Member alice = members.join(cluster.gateway(2), TCP, unique("alice"), room);
        Member bob = members.join(cluster.gateway(1), WEBSOCKET, unique("bob"), room);

        alice.client().send(say("first"));
        alice.client().send(echo(ChatProtocol.JSON.getNodeFactory().textNode("in between")));
        alice.client().send(say("second"));
        alice.client().send(say("third"));

        JsonNode first = assertSaid(bob, "first", alice, "room");
        JsonNode second = assertSaid(bob, "second", alice, "room");
        JsonNode third = assertSaid(bob, "third", alice, "room");
        List<JsonNode> received = bob.client().inbox().all();
        assertTrue(received.indexOf(first) < received.indexOf(second)
                && received.indexOf(second) < received.indexOf(third), () -> "one client's messages arrive in order: " + received);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void logoutReachesTheRoomWhenAClientDisconnects(Transport transport) {
        String room = unique("logout");
        Member watcher = members.join(cluster.gateway(1), WEBSOCKET, unique("watcher"), room);
        Member leaver = members.join(cluster.gateway(2), transport, unique("leaver"), room);
        watcher.client().await("the leaver's login", loginOf(leaver.id()));

        leaver.client().close();

        JsonNode logout = watcher.client().await("the leaver's logout", logoutOf(leaver.id()));
        assertEquals(leaver.name(), logout.path("name").asText(), logout::toString);
        assertTrue(logout.path("time").isNumber(), () -> "time is epoch millis: " + logout);
    }

    @Test
    void echoReturnsTheSameJsonOnlyToTheSender() throws Exception {
        JsonNode data = ChatProtocol.JSON.readTree(
                "{\"text\":\"h\u00e9llo \u2713\",\"n\":42,\"pi\":3.5,\"nested\":{\"list\":[1,\"two\",null,true]},\"empty\":{}}");
        JsonNode array = ChatProtocol.JSON.readTree("[1,[2,[3]],\"x\"]");
        String room = unique("echo");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(1), TCP, unique("bob"), room);

        alice.client().send(echo(data));
        bob.client().send(echo(array));

        JsonNode reply = alice.client().await("the echo", echoOf(data));
        assertEquals(2, reply.size(), () -> "only type and data: " + reply);
        bob.client().await("the echo", echoOf(array));
        alice.client().send(say("after the echo"));
        JsonNode marker = bob.client().await("alice's room message", said("after the echo"));
        assertNotReceivedBefore(marker, bob, echoOf(data));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void badInputGetsAnErrorReplyAndTheConnectionStaysUsable(Transport transport) {
        ChatClient client = members.open(cluster.gateway(2), transport, "clumsy");
        welcome(client);

        List<String> badInputs = List.of(
                "{\"type\":\"say\",\"content\":",                    // malformed JSON
                "{\"type\":\"dance\"}",                               // unknown type
                say("before login").toString());                      // say before login
        for (int i = 0; i < badInputs.size(); i++) {
            client.send(badInputs.get(i));
            JsonNode marker = awaitEcho(client, "after bad input " + i);
            List<JsonNode> errors = client.inbox().before(marker).stream().filter(type("error")).toList();
            assertEquals(i + 1, errors.size(), "one error reply per bad input, before the next reply; after "
                    + badInputs.get(i) + " received " + client.inbox().all());
            assertFalse(errors.get(i).path("reason").asText().isBlank(), "the error says why: " + errors.get(i));
        }

        String room = unique("recovered");
        client.send(login(unique("clumsy"), room));
        client.await("the members of " + room, membersOf(room));
        client.send(say("all good now"));
        client.await("its own message", said("all good now"));
        assertFalse(client.inbox().isClosed(), "the connection stays open");
    }

    @Test
    @Order(LATE_GATEWAY)
    void aGatewayStartedLaterIsDiscoveredByBothWorkersAndJoinsTheChat() {
        GatewayNode late = cluster.startGateway();

        await("both workers stream to " + late.name()).atMost(DISCOVERY_TIMEOUT).untilAsserted(() -> {
            for (WorkerNode worker : List.of(cluster.worker(1), cluster.worker(2))) {
                assertTrue(worker.connectedGatewayIds().contains(late.id()), () -> worker.name() + " " + worker.status());
            }
            List<String> workerIds = List.of(cluster.worker(1).id(), cluster.worker(2).id());
            assertTrue(late.workerIds().containsAll(workerIds), () -> late.name() + " " + late.status());
        });

        String room = unique("late-gateway");
        Member alice = members.join(late, WEBSOCKET, unique("alice"), room);
        assertTrue(alice.id().startsWith(late.id()), alice.id() + " is owned by " + late.id());
        Member bob = members.join(cluster.gateway(1), TCP, unique("bob"), room);
        alice.client().await("bob's login", loginOf(bob.id()));
        alice.client().send(say("hello from the new gateway"));
        assertSaid(bob, "hello from the new gateway", alice, "room");
        bob.client().send(say("welcome aboard"));
        assertSaid(alice, "welcome aboard", bob, "room");
    }

    /**
     * Proof that the new worker receives events: once it streams to every gateway, the original
     * workers are stopped (one gracefully, one killed) and the cluster keeps working — new clients
     * are welcomed, and clients connected before keep their session and chat on.
     */
    @Test
    @Order(LATE_WORKER)
    void aWorkerStartedLaterReceivesEventsOnceTheOriginalWorkersAreGone() {
        String room = unique("late-worker");
        Member carol = members.join(cluster.gateway(1), WEBSOCKET, unique("carol"), room);
        Member dave = members.join(cluster.gateway(2), TCP, unique("dave"), room);
        List<GatewayNode> gateways = List.of(cluster.gateway(1), cluster.gateway(2));

        WorkerNode late = cluster.startWorker();
        awaitWorkersOfEveryGateway(gateways, workers -> workers.contains(late.id()), "include " + late.name());
        cluster.worker(1).process().stop();
        cluster.worker(2).process().kill();
        awaitWorkersOfEveryGateway(gateways, workers -> workers.equals(List.of(late.id())), "be only " + late.name());

        Member erin = members.join(cluster.gateway(2), WEBSOCKET, unique("erin"), room);
        carol.client().await("erin's login", loginOf(erin.id()));
        erin.client().send(say("handled by the new worker"));
        assertSaid(carol, "handled by the new worker", erin, "room");
        assertSaid(dave, "handled by the new worker", erin, "room");

        carol.client().send(say("still here"));
        assertSaid(dave, "still here", carol, "room");
        assertSaid(erin, "still here", carol, "room");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Awaits the welcome and returns the client id it carries. */
    private static String welcome(ChatClient client) {
        return client.awaitType("welcome").path("client_id").asText();
    }

    private static JsonNode assertSaid(Member receiver, String content, Member sender, String to) {
        JsonNode message = receiver.client().await("\"" + content + "\" from " + sender.name(),
                said(content).and(m -> sender.id().equals(m.path("from_client_id").asText())));
        assertEquals(sender.name(), message.path("from_name").asText(), () -> "from_name of " + message);
        assertEquals(to, message.path("to").asText(), () -> "to of " + message);
        assertTrue(message.path("time").isNumber(), () -> "time of " + message);
        return message;
    }

    /** {@code from} sends {@code to} a private marker; returns it as {@code to} received it. */
    private static JsonNode markerFrom(Member from, Member to) {
        String content = unique("marker");
        from.client().send(sayToClient(content, to.id()));
        return to.client().await("the marker from " + from.name(), said(content));
    }

    private static void assertNotReceivedBefore(JsonNode marker, Member observer, Predicate<JsonNode> forbidden) {
        List<JsonNode> before = observer.client().inbox().before(marker);
        assertTrue(before.stream().noneMatch(forbidden), () -> observer.client().label() + " received " + before);
    }

    private static JsonNode awaitEcho(ChatClient client, String text) {
        JsonNode data = ChatProtocol.JSON.getNodeFactory().textNode(text);
        client.send(echo(data));
        return client.await("the echo of \"" + text + "\"", echoOf(data));
    }

    private static Predicate<JsonNode> echoOf(JsonNode data) {
        return type("echo").and(message -> data.equals(message.get("data")));
    }

    private static void awaitWorkersOfEveryGateway(List<GatewayNode> gateways, Predicate<List<String>> condition,
                                                   String what) {
        await("the workers of every gateway to " + what).atMost(DISCOVERY_TIMEOUT).untilAsserted(() -> {
            for (GatewayNode gateway : gateways) {
                List<String> workers = gateway.workerIds();
                assertTrue(condition.test(workers), () -> gateway.name() + " workers " + workers + " should " + what);
            }
        });
    }

}
