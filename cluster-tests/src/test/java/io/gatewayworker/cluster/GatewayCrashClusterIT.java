package io.gatewayworker.cluster;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.PushApi;
import io.gatewayworker.cluster.harness.PushApi.Answer;
import io.gatewayworker.cluster.harness.WorkerNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatewayworker.cluster.client.ChatProtocol.logoutOf;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos scenario 3 on a cluster of its own (a register, two gateways, two workers, each its own JVM):
 * a gateway killed with SIGKILL closes none of its clients. The register drops it from the view (at
 * once, as its join stream breaks with the process), and after {@code worker.gateway-lost-grace}
 * the workers deliver onClose themselves for the clients they last handled there: the chat room on
 * the other gateway sees each of them leave exactly once, within a bound, while the other gateway's
 * clients chat on. Then a gateway frozen with SIGSTOP, whose sockets stay open: it leaves the view
 * only when its lease expires, and the same follows. Then a double failure: a worker killed first
 * (the gateway moves its idle clients to the other worker with an adopted event), then the gateway:
 * every client still leaves once. Short leases (5 s) keep it quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class GatewayCrashClusterIT {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(1);
    /** The lease, the register's sweep (1 s), the view reaching the workers, the grace, the handlers: well inside. */
    private static final Duration CLOSE_BOUND = LEASE.plus(GRACE).plusSeconds(8);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static LocalCluster cluster;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start("gateway-crash", 2, 2,
                Map.of("GATEWAY_LEASE_SECONDS", String.valueOf(LEASE.toSeconds()),
                        "WORKER_GATEWAY_LOST_GRACE", GRACE.toMillis() + "ms"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aGatewayKilledWithSigkillHasEachOfItsClientsLeaveTheRoomOnceAndTheOtherGatewayChatsOn() {
        GatewayNode dying = cluster.gateway(2);
        Room room = Room.around(members, cluster.gateway(1), dying, "killed-gateway");

        long killed = System.nanoTime();
        dying.process().kill();

        List<Long> leftAfter = room.awaitEachLeftOnce(killed);
        System.out.printf("%s killed with SIGKILL (lost grace %d ms): its %d clients left the room after %s ms%n",
                dying.name(), GRACE.toMillis(), room.lost.size(), leftAfter);
    }

    @Test
    @Order(2)
    void aGatewayFrozenWithSigstopLeavesWhenItsLeaseExpiresAndEachOfItsClientsLeavesTheRoomOnce() throws Exception {
        GatewayNode frozen = cluster.startGateway();
        await("workers streaming to " + frozen.name()).atMost(TIMEOUT).until(() -> cluster.workers().stream()
                .allMatch(w -> w.connectedGatewayIds().contains(frozen.id())));
        Room room = Room.around(members, cluster.gateway(1), frozen, "frozen-gateway");

        long stopped = System.nanoTime();
        signal("STOP", frozen.process().pid()); // its sockets stay open: only the lease can tell
        try {
            List<Long> leftAfter = room.awaitEachLeftOnce(stopped);
            assertTrue(leftAfter.stream().allMatch(millis -> millis >= LEASE.toMillis() - 1000),
                    "left before the lease could expire: " + leftAfter);
            System.out.printf("%s frozen with SIGSTOP (lease %d s, lost grace %d ms): its %d clients left the room"
                    + " after %s ms%n", frozen.name(), LEASE.toSeconds(), GRACE.toMillis(), room.lost.size(),
                    leftAfter);
        } finally {
            frozen.process().kill();
        }
    }

    @Test
    @Order(3)
    void clientsOfAKilledWorkerAreAdoptedByAnotherSoTheirOnCloseStillComesWhenTheirGatewayDiesToo() {
        GatewayNode dying = cluster.startGateway();
        await("workers streaming to " + dying.name()).atMost(TIMEOUT).until(() -> cluster.workers().stream()
                .allMatch(w -> w.connectedGatewayIds().contains(dying.id())));
        Room room = Room.around(members, cluster.gateway(1), dying, "adopted");
        WorkerNode survivor = cluster.worker(1);

        // The clients worker 2 handled are idle now: without adoption no live worker would know them.
        cluster.worker(2).process().kill();
        await("the surviving worker knows every client").atMost(TIMEOUT)
                .until(() -> survivor.process().metric("gw_worker_clients_seen") == 2 + room.lost.size());

        long killed = System.nanoTime();
        dying.process().kill();

        List<Long> leftAfter = room.awaitEachLeftOnce(killed);
        System.out.printf("worker 2 then %s killed with SIGKILL: its %d idle clients, adopted by %s, left the room"
                + " after %s ms%n", dying.name(), room.lost.size(), survivor.process().name(), leftAfter);
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    /** Two watchers on the gateway that stays, six members on the one about to go, all in one room. */
    private record Room(Member watcher, Member tcpWatcher, List<Member> lost, PushApi push) {

        static Room around(ChatMembers members, GatewayNode staying, GatewayNode going, String prefix) {
            String room = unique(prefix);
            Member watcher = members.join(staying, WEBSOCKET, unique("watcher"), room);
            Member tcpWatcher = members.join(staying, TCP, unique("tcp-watcher"), room);
            List<Member> lost = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                lost.add(members.join(going, i % 3 == 0 ? TCP : WEBSOCKET, unique("lost"), room));
            }
            // Each of them talks, so both workers handle clients of the gateway about to go.
            for (Member member : lost) {
                String words = unique(member.name() + " says hello");
                member.client().send(say(words));
                watcher.client().await("a message from " + member, said(words));
            }
            PushApi push = PushApi.of(cluster.worker(1));
            await("every client counted").atMost(TIMEOUT).until(() -> clientCount(push) == 2 + lost.size());
            assertTrue(cluster.workers().stream().allMatch(w -> w.process().metric("gw_worker_clients_seen") > 0),
                    "both workers handled clients");
            return new Room(watcher, tcpWatcher, lost, push);
        }

        /** Each lost member's logout reaches both watchers once, within the bound; returns when, per member. */
        List<Long> awaitEachLeftOnce(long since) {
            List<Long> leftAfter = new ArrayList<>();
            for (Member member : lost) {
                watcher.client().inbox().await("the logout of " + member, logoutOf(member.id()), CLOSE_BOUND);
                leftAfter.add((System.nanoTime() - since) / 1_000_000);
            }
            for (Member member : lost) {
                tcpWatcher.client().await("the logout of " + member, logoutOf(member.id()));
            }
            assertTrue(leftAfter.stream().allMatch(millis -> millis <= CLOSE_BOUND.toMillis()), leftAfter::toString);
            // Both workers acted on the same view change: a second onClose would show within this window.
            await("no second logout").during(Duration.ofSeconds(2)).atMost(TIMEOUT).untilAsserted(() -> {
                for (Member member : lost) {
                    assertEquals(1, logouts(watcher.client(), member), member + " left once");
                    assertEquals(1, logouts(tcpWatcher.client(), member), member + " left once (tcp)");
                }
            });

            assertFalse(watcher.client().inbox().isClosed(), "the other gateway's clients stay connected");
            assertFalse(tcpWatcher.client().inbox().isClosed(), "the other gateway's clients stay connected");
            String after = unique("still chatting");
            tcpWatcher.client().send(say(after));
            watcher.client().await("a message from the other gateway after the loss", said(after));
            await("the cluster counts exactly the other gateway's clients").atMost(TIMEOUT)
                    .until(() -> clientCount(push) == 2);
            // One owner per live client: the two watchers; nothing left of the lost gateway's clients.
            await("workers keep only live clients").atMost(TIMEOUT).until(() -> cluster.workers().stream()
                    .filter(w -> w.process().isAlive())
                    .mapToDouble(w -> w.process().metric("gw_worker_clients_seen")).sum() == 2);
            return leftAfter;
        }
    }

    private static long logouts(ChatClient client, Member member) {
        return client.inbox().all().stream().filter(logoutOf(member.id())).count();
    }

    private static long clientCount(PushApi push) {
        Answer count = push.query("/api/v1/counts/clients");
        return count.complete() ? count.asLong() : -1;
    }
}
