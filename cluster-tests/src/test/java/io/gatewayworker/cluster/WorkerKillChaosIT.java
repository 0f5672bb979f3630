package io.gatewayworker.cluster;

import io.gatewayworker.cluster.client.EchoAudit;
import io.gatewayworker.cluster.client.NumberedSender;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.WorkerNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static io.gatewayworker.cluster.client.ChatProtocol.echoOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos scenario 1 on a cluster of its own (a register, two gateways, three workers, each its own
 * JVM): a worker killed with SIGKILL while WebSocket and TCP clients on both gateways send numbered
 * echo requests. Its stream breaks with the process; each gateway re-delivers the events it had not
 * acknowledged, flagged, in per-client order, to the other workers and re-binds its clients. No
 * client message is lost, every client's echoes first arrive in the order sent, and an echo that
 * comes back twice carries {@code "redelivered":true}. Prints the figures: sent, received,
 * duplicates (all flagged), re-deliveries the gateways counted, time until every echo in flight at
 * the kill came back.
 */
@Order(1)
class WorkerKillChaosIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ECHO_PERIOD = Duration.ofMillis(10);
    /** The gateway sees the broken stream at once (the kernel closes the dead process' sockets); generous. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    private static final int CLIENTS = 8;

    private static LocalCluster cluster;
    private static ScheduledExecutorService load;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start("worker-kill", 2, 3, Map.of());
        load = Executors.newScheduledThreadPool(4);
    }

    @AfterAll
    static void stopCluster() {
        if (load != null) {
            load.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerKilledUnderLoadLosesNoClientMessageAndRepeatsOnlyFlaggedRedeliveriesInOrder() {
        List<NumberedSender> senders = members.echoSenders(cluster.gateways(), CLIENTS, load, ECHO_PERIOD);
        WorkerNode victim = cluster.worker(1);
        String victimId = victim.id();
        double handledBefore = handled(victim);
        double redeliveredBefore = redelivered();
        await(victim.name() + " handling part of the load").atMost(TIMEOUT)
                .until(() -> handled(victim) >= handledBefore + 200);

        long killed = System.nanoTime();
        victim.process().kill();
        List<Integer> sentAtKill = senders.stream().map(NumberedSender::sent).toList();

        // Everything sent before the kill comes back, also what the dead worker held unacknowledged.
        for (int i = 0; i < senders.size(); i++) {
            senders.get(i).client().inbox().await("echo " + sentAtKill.get(i) + ", sent before the kill",
                    echoOf(sentAtKill.get(i)), RECOVERY_BOUND);
        }
        long recoveredMillis = millisSince(killed);
        // And the load goes on through the two workers left.
        for (int i = 0; i < senders.size(); i++) {
            int after = sentAtKill.get(i) + 50;
            senders.get(i).client().await("echo " + after + ", sent after the kill", echoOf(after));
        }
        senders.forEach(NumberedSender::stop);
        for (NumberedSender sender : senders) {
            sender.client().await("the last echo, " + sender.sent(), echoOf(sender.sent()));
        }

        List<EchoAudit> audits = senders.stream().map(EchoAudit::of).map(EchoAudit::assertAtLeastOnceInOrder).toList();
        senders.forEach(sender -> assertFalse(sender.client().inbox().isClosed(), sender + " stays connected"));
        List<GatewayNode> gateways = cluster.gateways();
        await("no gateway routes to " + victim.name()).atMost(TIMEOUT)
                .until(() -> gateways.stream().noneMatch(g -> g.workerIds().contains(victimId)));
        assertTrue(recoveredMillis <= RECOVERY_BOUND.toMillis(), recoveredMillis + " ms");
        EchoAudit total = EchoAudit.total(CLIENTS + " clients", audits);
        System.out.printf("WorkerKillChaosIT: %s killed with SIGKILL under %d clients (echo every %d ms each):"
                        + " %s; gateways re-delivered %.0f events; every echo in flight at the kill back after %d ms%n",
                victim.name(), CLIENTS, ECHO_PERIOD.toMillis(), total, redelivered() - redeliveredBefore,
                recoveredMillis);
    }

    private static double handled(WorkerNode worker) {
        return worker.process().metric("gw_worker_events_handled_total");
    }

    private static double redelivered() {
        return cluster.gateways().stream().mapToDouble(g -> g.process().metric("gw_gateway_events_redelivered_total"))
                .sum();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
