package io.gatewayworker.cluster;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.PushApi;
import io.gatewayworker.cluster.harness.PushApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
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
 * a gateway killed with SIGKILL closes nothing and says nothing. Once its lease expires the register
 * drops it from the view, and the workers deliver onClose themselves for the clients they last
 * handled there: the chat room on the other gateway sees each of them leave exactly once, within
 * the lease plus a margin, while the other gateway's clients chat on. Short leases (5 s) keep it quick.
 */
@Order(1)
class GatewayCrashClusterIT {

    private static final Duration LEASE = Duration.ofSeconds(5);
    /** The lease, the register's sweep (1 s), the view reaching the workers, the handlers: well inside. */
    private static final Duration CLOSE_BOUND = LEASE.plusSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static LocalCluster cluster;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start("gateway-crash", 2, 2,
                Map.of("GATEWAY_LEASE_SECONDS", String.valueOf(LEASE.toSeconds())));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aGatewayKilledWithSigkillHasEachOfItsClientsLeaveTheRoomOnceWithinTheLeaseAndTheOtherGatewayChatsOn() {
        GatewayNode dying = cluster.gateway(2);
        GatewayNode staying = cluster.gateway(1);
        PushApi push = PushApi.of(cluster.worker(1));
        String room = unique("killed-gateway");
        Member watcher = members.join(staying, WEBSOCKET, unique("watcher"), room);
        Member tcpWatcher = members.join(staying, TCP, unique("tcp-watcher"), room);
        List<Member> lost = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lost.add(members.join(dying, i % 3 == 0 ? TCP : WEBSOCKET, unique("lost"), room));
        }
        // Each of them talks, so both workers have handled clients of the dying gateway.
        for (Member member : lost) {
            String words = unique(member.name() + " says hello");
            member.client().send(say(words));
            watcher.client().await("a message from " + member, said(words));
        }
        await("every client counted").atMost(TIMEOUT).until(() -> clientCount(push) == 2 + lost.size());
        assertTrue(cluster.workers().stream().allMatch(w -> w.process().metric("gw_worker_clients_seen") > 0),
                "both workers handled clients of the gateway about to die");

        long killed = System.nanoTime();
        dying.process().kill();
        List<Long> leftAfter = new ArrayList<>();
        for (Member member : lost) {
            watcher.client().inbox().await("the logout of " + member, logoutOf(member.id()), CLOSE_BOUND);
            leftAfter.add((System.nanoTime() - killed) / 1_000_000);
        }
        for (Member member : lost) {
            tcpWatcher.client().await("the logout of " + member, logoutOf(member.id()));
        }
        // Both workers acted on the same view change; a second onClose would show within this window.
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
        watcher.client().await("a message from the other gateway after the crash", said(after));
        await("the cluster counts exactly the other gateway's clients").atMost(TIMEOUT)
                .until(() -> clientCount(push) == 2);
        assertTrue(leftAfter.stream().allMatch(millis -> millis <= CLOSE_BOUND.toMillis()), leftAfter::toString);
        // One owner per live client: the two watchers, nothing left of the dead gateway's clients.
        assertEquals(2, cluster.workers().stream().mapToDouble(w -> w.process().metric("gw_worker_clients_seen"))
                .sum());
        System.out.printf("%s killed with SIGKILL (lease %d s): its %d clients left the room after %s ms%n",
                dying.name(), LEASE.toSeconds(), lost.size(), leftAfter);
    }

    private static long logouts(ChatClient client, Member member) {
        return client.inbox().all().stream().filter(logoutOf(member.id())).count();
    }

    private static long clientCount(PushApi push) {
        Answer count = push.query("/api/v1/counts/clients");
        return count.complete() ? count.asLong() : -1;
    }
}
