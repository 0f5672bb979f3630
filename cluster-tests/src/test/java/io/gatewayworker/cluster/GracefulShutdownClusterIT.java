package io.gatewayworker.cluster;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.NumberedSender;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import static io.gatewayworker.cluster.client.ChatProtocol.echoOf;
import static io.gatewayworker.cluster.client.ChatProtocol.echoedNumbers;
import static io.gatewayworker.cluster.client.ChatProtocol.logoutOf;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.client.ChatProtocol.type;
import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful shutdown on a cluster of its own (a register, two gateways, two workers, each its own JVM),
 * stopped the way Kubernetes stops a pod: SIGTERM ({@link Process#destroy()}). First a worker, while
 * clients send numbered echo requests through both gateways: nothing is lost, repeated or reordered.
 * Then a gateway, while its WebSocket clients chat with clients of the other gateway: each of its
 * clients gets going-away (1001) after the drain period, its onClose reaches the room, and the other
 * gateway's clients chat on. Runs before the shared cluster starts, so the machine runs one cluster
 * at a time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class GracefulShutdownClusterIT {

    /** Long enough to check, from outside, that a draining gateway still serves its clients. */
    private static final Duration DRAIN_PERIOD = Duration.ofSeconds(3);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ECHO_PERIOD = Duration.ofMillis(10);
    private static final Duration CHAT_PERIOD = Duration.ofMillis(50);
    private static final String GOING_AWAY = "close frame 1001 gateway shutting down";

    private static LocalCluster cluster;
    private static ScheduledExecutorService timer;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start("graceful-shutdown", 2, 2,
                Map.of("GATEWAY_SHUTDOWN_DRAIN_PERIOD", DRAIN_PERIOD.toMillis() + "ms"));
        timer = Executors.newScheduledThreadPool(4);
    }

    @AfterAll
    static void stopCluster() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aWorkerStoppedWithSigtermFinishesWhatItHoldsAndItsClientsMoveOnWithNothingLostRepeatedOrReordered() {
        List<Member> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            GatewayNode gateway = cluster.gateway(1 + i % 2);
            clients.add(members.connect(gateway, i % 3 == 0 ? TCP : WEBSOCKET, "echo" + i));
        }
        WorkerNode leaving = cluster.worker(1);
        double redeliveredBefore = redelivered();
        double handledBefore = leaving.process().metric("gw_worker_events_handled_total");
        List<NumberedSender> senders = clients.stream()
                .map(member -> NumberedSender.echoes(member.client(), timer, ECHO_PERIOD)).toList();
        await(leaving.name() + " handling part of the load").atMost(TIMEOUT)
                .until(() -> leaving.process().metric("gw_worker_events_handled_total") >= handledBefore + 100);

        long sigterm = System.nanoTime();
        leaving.process().requestStop();
        leaving.process().awaitExit(EXIT_TIMEOUT);
        long stopMillis = millisSince(sigterm);
        List<Integer> sentAtExit = senders.stream().map(NumberedSender::sent).toList();
        // The load goes on through the other worker, then stops.
        for (int i = 0; i < clients.size(); i++) {
            int expected = sentAtExit.get(i) + 20;
            ChatClient client = clients.get(i).client();
            client.await("echo " + expected + " after the worker left", echoOf(expected));
        }
        senders.forEach(NumberedSender::stop);

        for (int i = 0; i < clients.size(); i++) {
            ChatClient client = clients.get(i).client();
            int sent = senders.get(i).sent();
            client.await("the last echo, " + sent, echoOf(sent));
            assertEquals(IntStream.rangeClosed(1, sent).boxed().toList(), echoedNumbers(client.inbox().all()),
                    client.label() + ": every echo once, in order");
        }
        assertEquals(redeliveredBefore, redelivered(), "nothing re-delivered: the worker acked all it received");
        assertFalse(leaving.process().logTail(400).contains("still unacknowledged"),
                "the drain completed, it did not time out");
        System.out.printf("%s stopped %d ms after SIGTERM, %d clients sending an echo every %d ms each%n",
                leaving.name(), stopMillis, clients.size(), ECHO_PERIOD.toMillis());
    }

    @Test
    @Order(2)
    void aGatewayStoppedWithSigtermClosesItsChattingClientsWithGoingAwayAfterTheDrainPeriodAndTheRoomSeesThemLeave() {
        GatewayNode leaving = cluster.gateway(2);
        GatewayNode staying = cluster.gateway(1);
        PushApi push = PushApi.of(cluster.workers().stream().filter(w -> w.process().isAlive()).findFirst().orElseThrow());
        String room = unique("sigterm-gateway");
        Member watcher = members.join(staying, WEBSOCKET, unique("watcher"), room);
        Member tcpWatcher = members.join(staying, TCP, unique("tcp-watcher"), room);
        List<Member> leavers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            leavers.add(members.join(leaving, WEBSOCKET, unique("leaver"), room));
        }
        await("every client counted").atMost(TIMEOUT).until(() -> clientCount(push) == 6);
        List<NumberedSender> chatters = leavers.stream()
                .map(leaver -> NumberedSender.start(leaver.client(), n -> say(leaver.name() + "#" + n), timer, CHAT_PERIOD))
                .toList();
        await("some chatting").atMost(TIMEOUT).until(() -> chatters.stream().allMatch(c -> c.sent() >= 10));

        long sigterm = System.nanoTime();
        List<Integer> sentBefore = chatters.stream().map(NumberedSender::sent).toList();
        leaving.process().requestStop();

        // Not ready at once, while its clients are still connected and served.
        await(leaving.name() + " not ready").atMost(TIMEOUT).until(() -> !leaving.process().isReady());
        assertTrue(leavers.stream().noneMatch(leaver -> leaver.client().inbox().isClosed()), "closed before the drain");
        ChatClient late = members.open(leaving, WEBSOCKET, "late");
        assertEquals(GOING_AWAY, late.inbox().awaitClosed(TIMEOUT), "a new client is refused with going-away");
        String duringDrain = unique("during the drain");
        leavers.get(0).client().send(say(duringDrain));
        watcher.client().await("a message sent during the drain", said(duringDrain));

        // After the drain period: going-away for each of its clients, and the room sees each leave.
        List<Long> closedAfter = new ArrayList<>();
        for (Member leaver : leavers) {
            assertEquals(GOING_AWAY, leaver.client().inbox().awaitClosed(TIMEOUT), leaver::toString);
            closedAfter.add(millisSince(sigterm));
        }
        chatters.forEach(NumberedSender::stop);
        for (Member leaver : leavers) {
            watcher.client().await("the logout of " + leaver, logoutOf(leaver.id()));
            tcpWatcher.client().await("the logout of " + leaver, logoutOf(leaver.id()));
        }
        await("the cluster counts exactly the two watchers").atMost(TIMEOUT).untilAsserted(() -> {
            Answer count = push.query("/api/v1/counts/clients");
            assertTrue(count.complete() && count.asLong() == 2, count::toString);
        });
        // Nothing lost in flight: each chatter's messages up to the last one read came back, in order,
        // to itself and to the other gateway; every message sent before the SIGTERM among them.
        for (int i = 0; i < leavers.size(); i++) {
            Member leaver = leavers.get(i);
            List<Integer> own = saysOf(leaver.client(), leaver);
            int handled = own.size();
            assertEquals(IntStream.rangeClosed(1, handled).boxed().toList(), own, leaver + " heard itself");
            assertTrue(handled >= sentBefore.get(i), leaver + ": " + handled + " handled, " + sentBefore.get(i)
                    + " sent before the SIGTERM");
            await(leaver + "'s messages at the watcher").atMost(TIMEOUT)
                    .until(() -> saysOf(watcher.client(), leaver).equals(own));
        }

        tcpWatcher.client().send(say("the other gateway chats on"));
        watcher.client().await("a message from the other gateway", said("the other gateway chats on"));
        leaving.process().awaitExit(EXIT_TIMEOUT);
        long exitMillis = millisSince(sigterm);
        await(leaving.name() + " out of every worker's view").atMost(TIMEOUT).until(() -> cluster.workers().stream()
                .filter(w -> w.process().isAlive()).noneMatch(w -> w.connectedGatewayIds().contains(leaving.id())));
        System.out.printf("%s: clients closed with 1001 at %s ms after SIGTERM (drain period %d ms), process exited"
                + " after %d ms%n", leaving.name(), closedAfter, DRAIN_PERIOD.toMillis(), exitMillis);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The numbers of {@code sender}'s says ({@code name#n}) that {@code client} received, in arrival order. */
    private static List<Integer> saysOf(ChatClient client, Member sender) {
        String prefix = sender.name() + "#";
        return client.inbox().all().stream()
                .filter(type("say").and(m -> sender.id().equals(m.path("from_client_id").asText())))
                .map(m -> m.path("content").asText())
                .filter(content -> content.startsWith(prefix))
                .map(content -> Integer.parseInt(content.substring(prefix.length())))
                .toList();
    }

    private static long clientCount(PushApi push) {
        Answer count = push.query("/api/v1/counts/clients");
        return count.complete() ? count.asLong() : -1;
    }

    /** Events the gateways re-delivered, all gateways still running together. */
    private static double redelivered() {
        return cluster.gateways().stream().filter(g -> g.process().isAlive())
                .mapToDouble(g -> g.process().metric("gw_gateway_events_redelivered_total")).sum();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
