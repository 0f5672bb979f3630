package io.gatewayworker.cluster;

import io.gatewayworker.cluster.client.EchoAudit;
import io.gatewayworker.cluster.client.NumberedSender;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.RegisterNode;
import io.gatewayworker.cluster.harness.ServiceProcess;
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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import static io.gatewayworker.cluster.client.ChatProtocol.echoOf;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos scenario 2 on a cluster of its own with two registers (two gateways, two workers; every
 * gateway joins and every worker watches both registers), while WebSocket and TCP clients on both
 * gateways send numbered echo requests:
 * <ol>
 *   <li>One register killed with SIGKILL: clients notice nothing (every echo once, in order, no
 *       connection closed); a gateway started meanwhile is known to the other register only, is
 *       discovered through it by every worker and carries traffic; its leave is seen through that
 *       register too. The killed register, restarted on its address, rebuilds the view.</li>
 *   <li>Both registers killed with SIGKILL (the register is down) for longer than the workers'
 *       rejoin grace: traffic between gateways and workers goes on, the workers keep every gateway,
 *       the gateways stay ready;
 *       restarted, the registers' {@code GET /cluster} lists every gateway and worker again within a
 *       bound (members re-join by themselves), and a gateway started after the restart is discovered
 *       by the workers and carries traffic.</li>
 * </ol>
 * No worker dies, so nothing is re-delivered: every echo comes back exactly once. Prints the figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class RegisterOutageChaosIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ECHO_PERIOD = Duration.ofMillis(10);
    /** Members retry with backoff up to 5 s (the defaults); the bound adds the re-join and a margin. */
    private static final Duration REBUILD_BOUND = Duration.ofSeconds(15);
    /** Echoes each client must get back, sent after one register's kill, while it is still down. */
    private static final int DURING_OUTAGE = 100;
    /**
     * How long every register stays down: longer than {@code worker.discovery.rejoin-grace} (10 s by
     * default), after which a worker no longer holds a lost register's view for itself; with none
     * watched, the last views stay in force.
     */
    private static final Duration TOTAL_OUTAGE = Duration.ofSeconds(12);

    private static LocalCluster cluster;
    private static ScheduledExecutorService load;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        // A gateway without clients leaves at once when stopped (the drain ends when none is left).
        cluster = LocalCluster.start("register-outage", 2, 2, 2, Map.of("GATEWAY_SHUTDOWN_DRAIN_PERIOD", "1s"));
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
    @Order(1)
    void oneRegisterKilledGoesUnnoticedAndANewGatewayIsDiscoveredThroughTheOther() {
        RegisterNode killed = cluster.register(2);
        RegisterNode survivor = cluster.register(1);
        List<NumberedSender> senders = loadBothGateways();

        killed.process().kill();
        List<Integer> sentAtKill = sent(senders);

        GatewayNode newcomer = cluster.startGateway();
        List<WorkerNode> workers = cluster.workers();
        await("every worker streams to " + newcomer.name() + ", known to " + survivor.name() + " only")
                .atMost(TIMEOUT)
                .until(() -> workers.stream().allMatch(w -> w.connectedGatewayIds().contains(newcomer.id())));
        assertTrue(survivor.gatewayIds().contains(newcomer.id()));
        NumberedSender onNewcomer = NumberedSender.echoes(members.connect(newcomer, WEBSOCKET, "newcomer").client(),
                load, ECHO_PERIOD);
        onNewcomer.client().await("echoes through " + newcomer.name(), echoOf(20));
        awaitEchoesAfter(senders, sentAtKill, DURING_OUTAGE);
        assertFalse(killed.process().isAlive(), killed.name() + " was down all along");

        // Its leave is seen through the one register that knew it.
        onNewcomer.stop();
        onNewcomer.client().await("the last echo, " + onNewcomer.sent(), echoOf(onNewcomer.sent()));
        onNewcomer.client().close();
        onNewcomer.client().inbox().awaitClosed(TIMEOUT);
        long leaving = System.nanoTime();
        newcomer.process().stop();
        await(newcomer.name() + " out of every worker's view").atMost(TIMEOUT)
                .until(() -> workers.stream().noneMatch(w -> w.connectedGatewayIds().contains(newcomer.id())));
        long leftMillis = millisSince(leaving);

        long restartedAt = System.nanoTime();
        killed.restart().awaitReady(LocalCluster.STARTUP_TIMEOUT);
        long readyMillis = millisSince(restartedAt);
        long rebuiltMillis = awaitViewRebuilt(killed, liveGateways(), workers);
        assertFalse(killed.gatewayIds().contains(newcomer.id()), "the gateway that left is not back");

        EchoAudit total = stopAndAudit(senders, onNewcomer);
        System.out.printf("RegisterOutageChaosIT, one of two registers killed with SIGKILL: %s; a gateway started"
                        + " meanwhile carried %d echoes, its leave reached every worker after %d ms; the register"
                        + " restarted (ready after %d ms) listed every gateway and worker %d ms after it was ready%n",
                total, onNewcomer.sent(), leftMillis, readyMillis, rebuiltMillis);
    }

    @Test
    @Order(2)
    void withEveryRegisterKilledTrafficGoesOnAndTheRestartedRegistersRebuildTheViewAndDiscoverANewGateway() {
        List<NumberedSender> senders = loadBothGateways();
        List<GatewayNode> gateways = liveGateways();
        List<WorkerNode> workers = cluster.workers();

        long outage = System.nanoTime();
        cluster.registers().forEach(register -> register.process().kill());
        List<Integer> sentAtKill = sent(senders);
        int duringOutage = (int) (TOTAL_OUTAGE.toMillis() / ECHO_PERIOD.toMillis());
        awaitEchoesAfter(senders, sentAtKill, duringOutage);
        long trafficMillis = millisSince(outage);
        assertTrue(cluster.registers().stream().noneMatch(register -> register.process().isAlive()),
                "every register was down while the echoes came back");
        assertTrue(workers.stream().allMatch(w -> w.connectedGatewayIds().containsAll(ids(gateways))),
                "the workers kept every gateway through the outage");
        // New clients are still admitted: the gateways stay ready (their Service keeps them). The
        // workers report not ready (they would miss a gateway joining meanwhile): printed only.
        assertTrue(gateways.stream().allMatch(g -> g.process().isReady()), "every gateway ready through the outage");
        String readiness = "workers ready " + workers.stream().map(w -> w.process().isReady()).toList();

        long restartedAt = System.nanoTime();
        List<ServiceProcess> restarted = cluster.registers().stream().map(RegisterNode::restart).toList();
        restarted.forEach(register -> register.awaitReady(LocalCluster.STARTUP_TIMEOUT));
        long readyMillis = millisSince(restartedAt);
        List<Long> rebuiltMillis = cluster.registers().stream()
                .map(register -> awaitViewRebuilt(register, gateways, workers)).toList();
        long outageMillis = millisSince(outage);

        GatewayNode newcomer = cluster.startGateway();
        await("every worker streams to " + newcomer.name() + ", started after the restart").atMost(TIMEOUT)
                .until(() -> workers.stream().allMatch(w -> w.connectedGatewayIds().contains(newcomer.id())));
        cluster.registers().forEach(register -> assertTrue(register.gatewayIds().contains(newcomer.id()),
                register.name() + " lists " + newcomer.name()));
        NumberedSender onNewcomer = NumberedSender.echoes(members.connect(newcomer, TCP, "newcomer").client(),
                load, ECHO_PERIOD);
        onNewcomer.client().await("echoes through " + newcomer.name(), echoOf(20));

        EchoAudit total = stopAndAudit(senders, onNewcomer);
        System.out.printf("RegisterOutageChaosIT, every register killed with SIGKILL: %s; %d echoes per client came"
                        + " back %d ms into the outage (%s); restarted registers ready after %d ms listed every"
                        + " gateway and worker %s ms after they were ready (outage to rebuilt view: %d ms); a gateway"
                        + " started afterwards carried %d echoes%n",
                total, duringOutage, trafficMillis, readiness, readyMillis, rebuiltMillis, outageMillis,
                onNewcomer.sent());
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Six clients, three on each of the first two gateways, WebSocket and TCP, each sending an echo every period. */
    private List<NumberedSender> loadBothGateways() {
        List<NumberedSender> senders = members.echoSenders(List.of(cluster.gateway(1), cluster.gateway(2)), 6, load,
                ECHO_PERIOD);
        senders.forEach(sender -> sender.client().await("a first echo", echoOf(1)));
        return senders;
    }

    private static List<Integer> sent(List<NumberedSender> senders) {
        return senders.stream().map(NumberedSender::sent).toList();
    }

    /** Each sender's echo of the {@code count}-th message sent after {@code sentBefore}. */
    private static void awaitEchoesAfter(List<NumberedSender> senders, List<Integer> sentBefore, int count) {
        for (int i = 0; i < senders.size(); i++) {
            int n = sentBefore.get(i) + count;
            senders.get(i).client().inbox().await("echo " + n + ", sent while a register was down", echoOf(n),
                    ECHO_PERIOD.multipliedBy(count).plus(TIMEOUT));
        }
    }

    /**
     * Waits until {@code register}'s {@code /cluster} lists exactly these gateways and at least these
     * workers, within the bound; returns how long that took.
     */
    private static long awaitViewRebuilt(RegisterNode register, List<GatewayNode> gateways, List<WorkerNode> workers) {
        long start = System.nanoTime();
        Set<String> gatewayIds = ids(gateways);
        Set<String> workerIds = workers.stream().map(WorkerNode::id).collect(Collectors.toSet());
        await(register.name() + " lists every gateway and worker again").atMost(REBUILD_BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> register.gatewayIds().equals(gatewayIds) && register.workerIds().containsAll(workerIds));
        return millisSince(start);
    }

    /** Stops the load, awaits each last echo, and checks every client got every echo exactly once, in order. */
    private static EchoAudit stopAndAudit(List<NumberedSender> senders, NumberedSender extra) {
        List<NumberedSender> all = new ArrayList<>(senders);
        all.add(extra);
        all.forEach(NumberedSender::stop);
        for (NumberedSender sender : all) {
            sender.client().await("the last echo, " + sender.sent(), echoOf(sender.sent()));
            assertTrue(sender == extra || !sender.client().inbox().isClosed(), sender + " stays connected");
        }
        List<EchoAudit> audits = all.stream().map(EchoAudit::of).map(EchoAudit::assertExactlyOnceInOrder).toList();
        EchoAudit total = EchoAudit.total(all.size() + " clients", audits);
        assertEquals(0, total.duplicates());
        return total;
    }

    private static List<GatewayNode> liveGateways() {
        return cluster.gateways().stream().filter(g -> g.process().isAlive()).toList();
    }

    private static Set<String> ids(List<GatewayNode> gateways) {
        return gateways.stream().map(GatewayNode::id).collect(Collectors.toSet());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
