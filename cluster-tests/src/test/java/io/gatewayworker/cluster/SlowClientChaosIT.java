package io.gatewayworker.cluster;

import com.fasterxml.jackson.databind.node.IntNode;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.EchoProbe;
import io.gatewayworker.cluster.client.StalledTcpClient;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.ServiceProcess;
import io.gatewayworker.cluster.harness.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.gatewayworker.cluster.client.ChatProtocol.echo;
import static io.gatewayworker.cluster.client.ChatProtocol.echoOf;
import static io.gatewayworker.cluster.client.ChatProtocol.echoedNumbers;
import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos scenario 4 on a cluster of its own (a register, two gateways, two workers, each its own JVM
 * with a 256 MiB heap): clients of gateway 1 that misbehave on either side of it.
 * <ul>
 * <li>A client in a busy room that never reads is closed (SLOW_CONSUMER, 1008 "outbound buffer full")
 * once its outbound buffer ({@code gateway.send-buffer-size}, 1 MiB) is full, within a bound; the
 * gateway's heap stays under a bound while the room broadcasts many times that to it.</li>
 * <li>A client that floods (thousands of echoes in one write) is slowed, its socket paused, not closed;
 * every echo comes back, once and in order.</li>
 * </ul>
 * Meanwhile a well-behaved client's numbered echoes keep their round trip within a generous bound of
 * what it was before (the machine is shared: timings are noisy, the bound is loose on purpose).
 */
class SlowClientChaosIT {

    /** Time to fill the kernel's socket buffers (a few MiB on loopback) and the 1 MiB outbound buffer. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);
    /** What the room broadcasts during the episode at least: 16 times the stalled client's outbound buffer. */
    private static final long MIN_BROADCAST = 16L << 20;
    private static final Duration EPISODE_LIMIT = Duration.ofSeconds(60);
    /**
     * The gateway runs with -Xmx256m and the serial GC, whose young generation alone is about a third of
     * the heap: sampled without forcing a collection, used heap swings by that much whatever the load.
     * The bound leaves room for that swing over the live data (tens of MiB), not for what the room sends
     * the stalled client ({@link #MIN_BROADCAST} and more): were that kept, the heap would pass it.
     */
    private static final long HEAP_BOUND = 160L << 20;
    /** Live heap (after a full collection) after the episode, over what it was before. */
    private static final long LIVE_GROWTH_BOUND = 32L << 20;
    /** Round-trip p99 during an episode, at most this many times what it was before... */
    private static final double LATENCY_FACTOR = 10;
    /** ...or this, whichever is larger: two busy cores shared by several JVMs. */
    private static final double LATENCY_FLOOR_MS = 1500;
    private static final int FLOOD = 10_000;
    /** The largest say the example chat takes: each is broadcast to every member of the room. */
    private static final String CONTENT = "x".repeat(1990);

    private static LocalCluster cluster;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start("slow-client", 2, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedWithAReasonWhileTheHeapStaysBoundedAndOthersAreServed() throws Exception {
        GatewayNode gateway = cluster.gateway(1);
        EchoProbe probe = new EchoProbe(connected(gateway, WEBSOCKET, "echoer"));
        List<Double> before = probe.measure(100);
        long liveBefore = liveHeap(gateway.process());
        String room = unique("busy-room");
        Member talker = members.join(gateway, TCP, unique("talker"), room);
        double closedBefore = closes(gateway, "SLOW_CONSUMER");
        double droppedBefore = drops(gateway, "slow_consumer");

        try (StalledTcpClient stalled = StalledTcpClient.connect(gateway.tcpAddress());
                HeapSampler heap = new HeapSampler(gateway.process())) {
            stalled.send(login(unique("stalled"), room).toString());
            EchoProbe.Running during = probe.start();
            long start = System.nanoTime();
            long closedAfter = -1;
            int says = 0;
            // Until it is closed, and the room sent it at least MIN_BROADCAST: many times its buffer.
            while ((closedAfter < 0 || (long) says * CONTENT.length() < MIN_BROADCAST)
                    && elapsed(start) < EPISODE_LIMIT.toMillis()) {
                for (int i = 0; i < 50; i++) {
                    talker.client().send(say(CONTENT + says++));
                }
                // Paced by its own echo: the talker reads, so it never becomes a slow consumer itself,
                // however the test JVM stalls; the stalled client gets all of it.
                talker.client().await("its own say", said(CONTENT + (says - 1)));
                if (closedAfter < 0 && closes(gateway, "SLOW_CONSUMER") > closedBefore) {
                    closedAfter = elapsed(start);
                }
            }
            String last = unique("still talking");
            talker.client().send(say(last));
            talker.client().await("the room working after the close", said(last));
            List<Double> rtts = during.stop();

            assertTrue(closedAfter >= 0 && closedAfter < CLOSE_BOUND.toMillis(), "not closed within " + CLOSE_BOUND);
            assertTrue(drops(gateway, "slow_consumer") > droppedBefore, "its pending output dropped");
            assertTrue(stalled.awaitEnd(Duration.ofSeconds(10)), "the gateway ended the connection");
            assertFalse(talker.client().inbox().isClosed(), "the talker reads: it stays");
            long liveAfter = liveHeap(gateway.process());
            long broadcastBytes = (long) says * CONTENT.length();
            System.out.printf("slow client: closed (SLOW_CONSUMER) after %d ms and %d says (%d MiB broadcast to it);"
                    + " gateway heap used max %d MiB sampled %d times (bound %d MiB), live %d -> %d MiB (bound +%d MiB)%n",
                    closedAfter, says, broadcastBytes >> 20, heap.max() >> 20, heap.samples(), HEAP_BOUND >> 20,
                    liveBefore >> 20, liveAfter >> 20, LIVE_GROWTH_BOUND >> 20);
            assertTrue(heap.max() <= HEAP_BOUND, "heap used reached " + (heap.max() >> 20) + " MiB");
            assertTrue(liveAfter - liveBefore <= LIVE_GROWTH_BOUND,
                    "live heap grew from " + (liveBefore >> 20) + " to " + (liveAfter >> 20) + " MiB");
            assertLatencyKept("slow client", before, rtts);
        }
    }

    @Test
    void aFloodingClientIsSlowedNotClosedAndEveryEchoComesBackInOrderWhileOthersAreServed() throws Exception {
        GatewayNode gateway = cluster.gateway(1);
        EchoProbe probe = new EchoProbe(connected(gateway, WEBSOCKET, "echoer"));
        List<Double> before = probe.measure(100);
        ChatClient flooder = connected(gateway, TCP, "flooder"); // one request a line
        double pausedBefore = gateway.process().metric("gw_gateway_reads_paused_total");

        EchoProbe.Running during = probe.start();
        long start = System.nanoTime();
        // One write of every request: the gateway reads it only as fast as the worker acknowledges.
        String requests = IntStream.rangeClosed(1, FLOOD).mapToObj(n -> echo(IntNode.valueOf(n)).toString())
                .collect(Collectors.joining("\n"));
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> flooder.send(requests));
        flooder.inbox().await("the last echo", echoOf(FLOOD), Duration.ofSeconds(60));
        long flooded = elapsed(start);
        written.get(10, TimeUnit.SECONDS);
        List<Double> rtts = during.stop();

        assertEquals(IntStream.rangeClosed(1, FLOOD).boxed().toList(), echoedNumbers(flooder.inbox().all()),
                "every echo once, in order");
        assertFalse(flooder.inbox().isClosed(), "slowed, not closed");
        double pauses = gateway.process().metric("gw_gateway_reads_paused_total") - pausedBefore;
        assertTrue(pauses > 0, "the gateway paused reading the flooder");
        System.out.printf("flooding client: %d echoes back in order in %d ms; its reading was paused %.0f times%n",
                FLOOD, flooded, pauses);
        assertLatencyKept("flooding client", before, rtts);
    }

    private ChatClient connected(GatewayNode gateway, Transport transport, String who) {
        ChatClient client = members.open(gateway, transport, unique(who));
        client.awaitType("welcome");
        return client;
    }

    private static void assertLatencyKept(String episode, List<Double> before, List<Double> during) {
        double p99Before = EchoProbe.quantile(before, 0.99);
        double p99During = EchoProbe.quantile(during, 0.99);
        double bound = Math.max(LATENCY_FACTOR * p99Before, LATENCY_FLOOR_MS);
        System.out.printf("%s: echo round trip p50 %.1f -> %.1f ms, p99 %.1f -> %.1f ms (%d echoes during; bound %.0f ms)%n",
                episode, EchoProbe.quantile(before, 0.5), EchoProbe.quantile(during, 0.5), p99Before, p99During,
                during.size(), bound);
        assertTrue(during.size() >= 10, "the well-behaved client got only " + during.size() + " echoes through");
        assertTrue(p99During <= bound, episode + ": p99 " + p99During + " ms over " + bound + " ms");
    }

    private static double closes(GatewayNode gateway, String reason) {
        return labelled(gateway.process(), "gw_gateway_connections_refused_total", "reason=\"" + reason + "\"");
    }

    private static double drops(GatewayNode gateway, String reason) {
        return labelled(gateway.process(), "gw_gateway_messages_dropped_total", "reason=\"" + reason + "\"");
    }

    /** The sum of a metric's samples whose labels include {@code label} ({@code key="value"}). */
    private static double labelled(ServiceProcess process, String metric, String label) {
        return process.getText("/q/metrics").lines()
                .filter(line -> line.startsWith(metric + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long heapUsed(ServiceProcess process) {
        return (long) labelled(process, "jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** Heap in use right after a full collection (jcmd GC.run): the live data. */
    private static long liveHeap(ServiceProcess process) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process gc = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(gc.waitFor(30, TimeUnit.SECONDS) && gc.exitValue() == 0, "jcmd GC.run on " + process);
        return heapUsed(process);
    }

    private static long elapsed(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** Samples the gateway's heap in use every 200 ms, until closed. */
    private static final class HeapSampler implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();

        HeapSampler(ServiceProcess process) {
            timer.scheduleWithFixedDelay(() -> {
                max.accumulateAndGet(heapUsed(process), Math::max);
                samples.incrementAndGet();
            }, 0, 200, TimeUnit.MILLISECONDS);
        }

        long max() {
            return max.get();
        }

        long samples() {
            return samples.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
