package io.gatewayworker.cluster;

import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.logoutOf;
import static io.gatewayworker.cluster.client.ChatProtocol.push;
import static io.gatewayworker.cluster.client.ChatProtocol.pushed;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.harness.PushApi.text;
import static io.gatewayworker.cluster.harness.PushApi.withList;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.ChatProtocol;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.PushApi;
import io.gatewayworker.cluster.harness.ServiceProcess;
import io.gatewayworker.cluster.harness.SharedCluster;
import io.gatewayworker.cluster.harness.Transport;
import io.gatewayworker.cluster.harness.WorkerNode;

/**
 * The cluster-wide Gateway calls (README: "GatewayWorker's Lib\Gateway → our Gateway") through the
 * workers' push API, with clients spread over both gateways and both transports: multi-group and
 * excluding sends, uid bindings, group membership, sessions, closing, and partial answers while a
 * gateway does not answer.
 *
 * <p>Two orderings make exact assertions possible without waiting for silence. A worker's commands
 * and queries reach a gateway in order on its one stream, and the gateway handles them in that order:
 * so a query sent through the worker that made a change sees the change, and a marker pushed to a
 * client through the worker that pushed before it arrives after anything that push delivered.
 * "Exactly once" and "nothing" are counted in what arrived before the marker.
 *
 * <p>The last test freezes a gateway of the shared cluster and resumes it, whatever happens, before
 * the next test class uses the cluster.
 */
@ExtendWith(SharedCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class GatewayApiClusterIT {

    /** The freezing test runs after the others of this class (unordered tests have a middle order). */
    private static final int LAST = Integer.MAX_VALUE;
    /** A cluster-wide query must answer well within this while a gateway is frozen (query timeout: 3 s). */
    private static final Duration PARTIAL_ANSWER_LIMIT = Duration.ofSeconds(10);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    private static LocalCluster cluster;
    private static PushApi worker1;
    private static PushApi worker2;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void useSharedCluster(LocalCluster shared) {
        cluster = shared;
        worker1 = PushApi.of(cluster.worker(1));
        worker2 = PushApi.of(cluster.worker(2));
    }

    @Test
    void aClientInTwoOfTheGroupsGetsAGroupsSendOnce() {
        String roomA = unique("groups-a");
        String roomB = unique("groups-b");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), roomA);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), roomB);
        Member carol = members.join(cluster.gateway(2), WEBSOCKET, unique("carol"), unique("groups-c"));
        worker1.put("/api/v1/groups/" + roomB + "/clients/" + alice.id()).expect(202);

        worker1.post("/api/v1/groups/messages", withList(text(push("to a and b")), "to", List.of(roomA, roomB)))
                .expect(202);

        assertReceived(1, "to a and b", alice, worker1);
        assertReceived(1, "to a and b", bob, worker1);
        assertReceived(0, "to a and b", carol, worker1);
    }

    @Test
    void excludedClientsGetNeitherAGroupSendNorABroadcast() {
        String room = unique("exclude");
        String otherRoom = unique("exclude-other");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);
        Member carol = members.join(cluster.gateway(2), WEBSOCKET, unique("carol"), room);
        Member dave = members.join(cluster.gateway(1), TCP, unique("dave"), otherRoom);

        worker2.post("/api/v1/groups/" + room + "/messages", withList(text(push("not for bob")), "exclude",
                List.of(bob.id()))).expect(202);
        ObjectNode toBothRooms = withList(text(push("not for alice nor dave")), "to", List.of(room, otherRoom));
        worker2.post("/api/v1/groups/messages", withList(toBothRooms, "exclude", List.of(alice.id(), dave.id())))
                .expect(202);
        worker2.post("/api/v1/broadcast", withList(text(push("not for alice nor carol")), "exclude",
                List.of(alice.id(), carol.id()))).expect(202);

        List<JsonNode> alices = receivedBeforeMarker(alice, worker2);
        List<JsonNode> bobs = receivedBeforeMarker(bob, worker2);
        List<JsonNode> carols = receivedBeforeMarker(carol, worker2);
        List<JsonNode> daves = receivedBeforeMarker(dave, worker2);
        assertEquals(List.of(1L, 0L, 0L), counts(alices), () -> "alice received " + alices);
        assertEquals(List.of(0L, 1L, 1L), counts(bobs), () -> "bob received " + bobs);
        assertEquals(List.of(1L, 1L, 0L), counts(carols), () -> "carol received " + carols);
        assertEquals(List.of(0L, 0L, 1L), counts(daves), () -> "dave received " + daves);
    }

    @Test
    void aUidBoundToASecondConnectionReachesBothUntilItIsUnbound() {
        String uid = unique("carol");
        Member first = members.join(cluster.gateway(1), WEBSOCKET, uid, unique("uid-room"));
        Member second = members.connect(cluster.gateway(2), TCP, "second-" + uid);
        String uidPath = "/api/v1/uids/" + uid;

        worker1.put(uidPath + "/clients/" + second.id()).expect(202);

        assertEquals(Set.of(first.id(), second.id()), worker1.query(uidPath + "/clients").asSet());
        assertTrue(worker1.query(uidPath + "/online").asBoolean());
        assertEquals(uid, worker1.query("/api/v1/clients/" + second.id() + "/uid").value().asText());
        worker1.post(uidPath + "/messages", text(push("to both connections"))).expect(202);
        assertReceived(1, "to both connections", first, worker1);
        assertReceived(1, "to both connections", second, worker1);

        worker1.delete(uidPath + "/clients/" + second.id()).expect(202);

        assertEquals(Set.of(first.id()), worker1.query(uidPath + "/clients").asSet());
        assertTrue(worker1.query("/api/v1/clients/" + second.id() + "/uid").value().isNull());
        worker1.post(uidPath + "/messages", text(push("to the first only"))).expect(202);
        assertReceived(1, "to the first only", first, worker1);
        assertReceived(0, "to the first only", second, worker1);

        worker1.delete(uidPath + "/clients/" + first.id()).expect(202);

        assertEquals(Set.of(), worker1.query(uidPath + "/clients").asSet());
        assertFalse(worker1.query(uidPath + "/online").asBoolean());
        assertFalse(worker2.query("/api/v1/uids/" + unique("nobody") + "/online").asBoolean());
    }

    @Test
    void groupMembershipFollowsJoinLeaveAndUngroup() {
        String roomA = unique("team-a");
        String roomB = unique("team-b");
        String group = unique("team");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), roomA);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), roomB);
        String groupPath = "/api/v1/groups/" + group;

        worker2.put(groupPath + "/clients/" + alice.id()).expect(202);
        worker2.put(groupPath + "/clients/" + bob.id()).expect(202);
        assertGroup(group, alice, bob);
        assertTrue(worker2.query("/api/v1/groups").asSet().contains(group));

        worker2.delete(groupPath + "/clients/" + bob.id()).expect(202);
        assertGroup(group, alice);

        worker2.put(groupPath + "/clients/" + bob.id()).expect(202);
        assertGroup(group, alice, bob);

        worker2.delete(groupPath).expect(202);
        assertGroup(group);
        assertFalse(worker2.query("/api/v1/groups").asSet().contains(group));
        // Ungrouping one group leaves the members' other groups alone.
        assertEquals(1, worker2.query("/api/v1/counts/groups/" + roomA).asLong());
        assertEquals(1, worker2.query("/api/v1/counts/groups/" + roomB).asLong());
    }

    @Test
    void aSessionWrittenThroughOneWorkerIsReadBackExactlyAndSeenByTheChatApp() throws IOException {
        String room = unique("session");
        Member carol = members.join(cluster.gateway(2), TCP, unique("carol"), room);
        String sessionPath = "/api/v1/clients/" + carol.id() + "/session";
        assertEquals(json("{\"name\":\"" + carol.name() + "\",\"room\":\"" + room + "\"}"),
                worker1.query(sessionPath).value(), "the chat login's session");

        JsonNode replacement = json("{\"level\":3,\"tags\":[\"a\",\"b\"],\"profile\":{\"city\":\"Oslo\",\"verified\":true}}");
        worker1.put(sessionPath, replacement).expect(202);
        assertEquals(replacement, worker1.query(sessionPath).value(), "PUT replaces the whole session");

        String renamed = unique("renamed");
        worker1.patch(sessionPath, json("{\"level\":4,\"name\":\"" + renamed + "\",\"room\":\"" + room + "\"}")).expect(202);
        JsonNode merged = json("{\"level\":4,\"tags\":[\"a\",\"b\"],\"profile\":{\"city\":\"Oslo\",\"verified\":true},"
                + "\"name\":\"" + renamed + "\",\"room\":\"" + room + "\"}");
        assertEquals(merged, worker1.query(sessionPath).value(), "PATCH merges");
        // Worker 1's read came after the gateway applied the patch: any later read sees it too.
        assertEquals(merged, worker2.query(sessionPath).value(), "read through the other worker");
        assertEquals(merged, worker2.query("/api/v1/groups/" + room + "/sessions").value().path(carol.id()),
                "the room's sessions");

        carol.client().send(say("who am I"));
        JsonNode said = carol.client().await("its own message", said("who am I"));
        assertEquals(renamed, said.path("from_name").asText(), () -> "the chat app reads the patched name: " + said);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void closingAClientDeliversTheFinalMessageThenClosesAndTheRoomHearsTheLogout(Transport transport) {
        String room = unique("close");
        Member watcher = members.join(cluster.gateway(1), WEBSOCKET, unique("watcher"), room);
        Member leaver = members.join(cluster.gateway(2), transport, unique("leaver"), room);
        watcher.client().await("the leaver's login", ChatProtocol.loginOf(leaver.id()));

        worker1.post("/api/v1/clients/" + leaver.id() + "/close",
                ChatProtocol.JSON.createObjectNode().put("message", push("goodbye"))).expect(202);

        JsonNode goodbye = leaver.client().await("the final message", pushed("goodbye"));
        leaver.client().inbox().awaitClosed(ChatClient.DEFAULT_TIMEOUT);
        List<JsonNode> received = leaver.client().inbox().all();
        assertEquals(goodbye, received.get(received.size() - 1), () -> "the final message comes last: " + received);
        JsonNode logout = watcher.client().await("the leaver's logout", logoutOf(leaver.id()));
        assertEquals(leaver.name(), logout.path("name").asText(), logout::toString);
        // The logout is the handled close event, which the gateway sent after it dropped the client.
        assertFalse(worker1.query("/api/v1/clients/" + leaver.id() + "/online").asBoolean());
        worker1.get("/api/v1/clients/" + leaver.id() + "/session").expect(404);
    }

    @Test
    void batchAndClusterWideMapQueriesAreExactForTheirGroupsAndUids() {
        String roomA = unique("maps-a");
        String roomB = unique("maps-b");
        String emptyRoom = unique("maps-empty");
        String ghost = unique("ghost");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), roomA);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), roomA);
        Member carol = members.join(cluster.gateway(2), WEBSOCKET, unique("carol"), roomB);

        PushApi.Answer byUid = worker1.post("/api/v1/uids/clients",
                withList(ChatProtocol.JSON.createObjectNode(), "to", List.of(alice.name(), bob.name(), ghost))).expect(200).answer();
        assertTrue(byUid.complete(), byUid::toString);
        assertEquals(Set.of(alice.id()), strings(byUid.value().path(alice.name())), byUid::toString);
        assertEquals(Set.of(bob.id()), strings(byUid.value().path(bob.name())), byUid::toString);
        assertEquals(Set.of(), strings(byUid.value().path(ghost)), byUid::toString);

        PushApi.Answer online = worker2.post("/api/v1/uids/online",
                withList(ChatProtocol.JSON.createObjectNode(), "to", List.of(carol.name(), ghost))).expect(200).answer();
        assertTrue(online.value().path(carol.name()).asBoolean(), online::toString);
        assertFalse(online.value().path(ghost).asBoolean(true), online::toString);

        PushApi.Answer counts = worker1.post("/api/v1/counts/groups",
                withList(ChatProtocol.JSON.createObjectNode(), "to", List.of(roomA, roomB, emptyRoom))).expect(200).answer();
        assertEquals(2, counts.value().path(roomA).asLong(), counts::toString);
        assertEquals(1, counts.value().path(roomB).asLong(), counts::toString);
        assertEquals(0, counts.value().path(emptyRoom).asLong(-1), counts::toString);

        PushApi.Answer clientsByGroup = worker2.query("/api/v1/groups/clients");
        assertEquals(Set.of(alice.id(), bob.id()), strings(clientsByGroup.value().path(roomA)), clientsByGroup::toString);
        assertEquals(Set.of(carol.id()), strings(clientsByGroup.value().path(roomB)), clientsByGroup::toString);
        PushApi.Answer uidsByGroup = worker1.query("/api/v1/groups/uids");
        assertEquals(Set.of(alice.name(), bob.name()), strings(uidsByGroup.value().path(roomA)), uidsByGroup::toString);
        PushApi.Answer uidCounts = worker2.query("/api/v1/counts/groups/uids");
        assertEquals(2, uidCounts.value().path(roomA).asLong(), uidCounts::toString);
        PushApi.Answer allUids = worker1.query("/api/v1/counts/uids");
        assertTrue(allUids.complete() && allUids.asLong() >= 3, allUids::toString);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    @Order(LAST)
    void aFrozenGatewayMakesClusterQueriesPartialAndNamesIt() throws Throwable {
        String room = unique("frozen");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);
        GatewayNode frozen = cluster.gateway(2);
        String frozenId = frozen.id(); // read now: a frozen gateway does not answer /status
        assertTrue(worker1.query("/api/v1/counts/clients").complete(), "complete before the freeze");

        whileFrozen(frozen, () -> {
            long start = System.nanoTime();
            PushApi.Answer count = worker1.query("/api/v1/counts/clients");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(PARTIAL_ANSWER_LIMIT) < 0, () -> "answered after " + took);
            assertTrue(count.partial(), count::toString);
            assertEquals(List.of(frozenId), count.missingGateways(), count::toString);
            assertTrue(count.asLong() >= 1, () -> "alice, at least, on " + cluster.gateway(1).name() + ": " + count);

            PushApi.Answer members = worker2.query("/api/v1/groups/" + room + "/clients");
            assertEquals(Set.of(alice.id()), members.asSet(), members::toString);
            assertEquals(List.of(frozenId), members.missingGateways(), members::toString);
        });

        for (PushApi worker : List.of(worker1, worker2)) {
            PushApi.Answer members = worker.query("/api/v1/groups/" + room + "/clients");
            assertTrue(members.complete(), members::toString);
            assertEquals(Set.of(alice.id(), bob.id()), members.asSet(), members::toString);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /**
     * What {@code member} received before a marker pushed to it through {@code worker}: everything
     * an earlier push through that worker delivered to it.
     */
    private static List<JsonNode> receivedBeforeMarker(Member member, PushApi worker) {
        String marker = unique("marker");
        worker.post("/api/v1/clients/" + member.id() + "/messages", text(push(marker))).expect(202);
        return member.client().inbox().before(member.client().await("the marker " + marker, pushed(marker)));
    }

    /** {@code member} received the push {@code content} exactly {@code times} before a marker through {@code worker}. */
    private static void assertReceived(long times, String content, Member member, PushApi worker) {
        List<JsonNode> received = receivedBeforeMarker(member, worker);
        assertEquals(times, received.stream().filter(pushed(content)).count(),
                () -> member + " received \"" + content + "\" a wrong number of times: " + received);
    }

    /** How often each of the excluding test's three pushes was received. */
    private static List<Long> counts(List<JsonNode> received) {
        return List.of("not for bob", "not for alice nor dave", "not for alice nor carol").stream()
                .map(content -> received.stream().filter(pushed(content)).count()).toList();
    }

    /** The group's count, client ids and uids, asked through worker 2 (which made the changes), are exactly these members'. */
    private static void assertGroup(String group, Member... members) {
        Set<String> ids = Arrays.stream(members).map(Member::id).collect(Collectors.toSet());
        Set<String> uids = Arrays.stream(members).map(Member::name).collect(Collectors.toSet());
        PushApi.Answer count = worker2.query("/api/v1/counts/groups/" + group);
        assertEquals(members.length, count.asLong(), () -> group + " count: " + count);
        assertTrue(count.complete(), count::toString);
        PushApi.Answer clientIds = worker2.query("/api/v1/groups/" + group + "/clients");
        assertEquals(ids, clientIds.asSet(), () -> group + " clients: " + clientIds);
        PushApi.Answer groupUids = worker2.query("/api/v1/groups/" + group + "/uids");
        assertEquals(uids, groupUids.asSet(), () -> group + " uids: " + groupUids);
        assertEquals(uids.size(), worker2.query("/api/v1/counts/groups/" + group + "/uids").asLong());
    }

    /**
     * Runs {@code check} while the gateway's process is stopped ({@code kill -STOP}), then resumes it
     * ({@code kill -CONT}) and waits until it serves the cluster again, also when {@code check} fails,
     * so that the next tests find a healthy cluster.
     */
    private static void whileFrozen(GatewayNode gateway, Executable check) throws Throwable {
        signal(gateway.process(), "STOP");
        try {
            check.execute();
        } catch (Throwable failure) {
            try {
                resume(gateway);
            } catch (Throwable alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
        resume(gateway);
    }

    private static void resume(GatewayNode gateway) throws IOException, InterruptedException {
        signal(gateway.process(), "CONT");
        awaitRecovered(gateway);
    }

    /** {@code kill -<signal> <pid>}: sent once kill has started, even if waiting for it is interrupted. */
    private static void signal(ServiceProcess process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + signal + " ended");
        assertEquals(0, kill.exitValue(), () -> "kill -" + signal + " " + process + ": "
                + new String(readAll(kill), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The resumed gateway is ready, every worker streams to it again, and cluster queries are complete. */
    private static void awaitRecovered(GatewayNode gateway) {
        gateway.process().awaitReady(RECOVERY_TIMEOUT);
        List<String> workerIds = cluster.workers().stream().map(WorkerNode::id).toList();
        await(gateway.name() + " meshed with every worker again").atMost(RECOVERY_TIMEOUT)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertTrue(gateway.workerIds().containsAll(workerIds), () -> gateway.name() + " " + gateway.status());
                    for (WorkerNode worker : cluster.workers()) {
                        assertTrue(worker.connectedGatewayIds().contains(gateway.id()), () -> worker.name() + " " + worker.status());
                        PushApi.Answer count = PushApi.of(worker).query("/api/v1/counts/clients");
                        assertTrue(count.complete(), () -> worker.name() + ": " + count);
                    }
                });
    }

    private static JsonNode json(String text) throws IOException {
        return ChatProtocol.JSON.readTree(text);
    }

}
