package io.gatewayworker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.ChatProtocol;
import io.gatewayworker.cluster.client.NumberedSender;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.ClusterMesh;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.Transport;
import io.gatewayworker.cluster.harness.WorkerNode;
import io.gatewayworker.cluster.k8s.Container;
import io.gatewayworker.cluster.k8s.Deployment;
import io.gatewayworker.cluster.k8s.Manifests;
import io.gatewayworker.cluster.k8s.PodFields;
import io.gatewayworker.cluster.pods.LocalKubernetes;
import io.gatewayworker.cluster.pods.Pod;
import io.gatewayworker.cluster.pods.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static io.gatewayworker.cluster.client.ChatProtocol.echoOf;
import static io.gatewayworker.cluster.client.ChatProtocol.echoedNumbers;
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
 * The cluster as {@code k8s/} deploys it, each pod a local process ({@link LocalKubernetes}: pod IPs
 * 127.0.0.x, bind-host variables, DNS and kubelet emulation, documented there and in the README of
 * cluster-tests).
 * <ol>
 *   <li>As an operator does (README, "Kubernetes"), the Secret's {@code CHANGE-ME} placeholders are
 *       replaced by generated values (32 random bytes, base64) before anything starts; then every
 *       Deployment's replicas start from the manifests (the two registers first: the others name their
 *       Services)
 *       and the kubelet's probes decide when each is ready.</li>
 *   <li>A WebSocket client on each gateway replica, a TCP client on one: round trips through each.</li>
 *   <li>Scale up: a third gateway and a third worker are discovered (every register's {@code /status},
 *       every stream), the gateway became ready only with a worker attached, and both get traffic.</li>
 *   <li>Scale down, as the kubelet deletes a pod (preStop sleep, SIGTERM, grace period): a worker
 *       under numbered echo load (no echo lost, each client's order kept), then a gateway holding
 *       clients (WebSocket clients closed with 1001 going-away, its TCP client's connection closed,
 *       clients of the other gateways unaffected, the rest of the cluster serving).</li>
 * </ol>
 * Probe periods run at {@code -Dk8s.probe.time-scale} (default 0.5) of the manifests'; the manifests'
 * preStop sleeps, grace periods and drain settings are used as they are. No liveness probe may fail
 * (nor, so, make the kubelet restart a container). Runs before the shared cluster starts
 * (its own eight JVMs at most); logs in {@code target/cluster-logs/k8s/}, pods' probe results and
 * log tails printed when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class ManifestDrivenClusterIT {

    private static final String NAMESPACE = "gatewayworker";
    private static final String SECRET = "gatewayworker-secrets";
    private static final String PLACEHOLDER_PREFIX = "CHANGE-ME";
    private static final String GATEWAY_SERVICE = "gw-gateway";
    private static final double TIME_SCALE = Double.parseDouble(System.getProperty("k8s.probe.time-scale", "0.5"));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ECHO_PERIOD = Duration.ofMillis(25);

    private static Map<String, String> secret;
    private static LocalKubernetes kubernetes;
    private static ScheduledExecutorService load;
    private static Instant begun;
    private static final Map<Pod, GatewayNode> GATEWAYS = new ConcurrentHashMap<>();
    private static final Map<Pod, WorkerNode> WORKERS = new ConcurrentHashMap<>();

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @RegisterExtension
    static final TestWatcher REPORT_PODS = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (kubernetes != null) {
                System.err.println(context.getDisplayName() + " failed; the pods:\n" + kubernetes.report());
            }
        }
    };

    @BeforeAll
    static void applyTheManifests() {
        begun = Instant.now();
        Manifests checkedIn = Manifests.project();
        secret = generatedSecret(checkedIn);
        kubernetes = LocalKubernetes.create(checkedIn.withSecret(NAMESPACE, SECRET, secret),
                Path.of("target", "cluster-logs", "k8s"), TIME_SCALE, LocalCluster.STARTUP_TIMEOUT);
        load = Executors.newScheduledThreadPool(4);
        kubernetes.applyDeployments();
        System.out.printf("manifest-driven cluster: %d pods ready %d ms after the start%n",
                kubernetes.manifests().deployments().stream().mapToInt(Deployment::replicas).sum(), millisSince(begun));
    }

    @AfterAll
    static void deleteEverything() {
        if (load != null) {
            load.shutdownNow();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        System.out.printf("manifest-driven cluster: done %d ms after the start%n", millisSince(begun));
    }

    @Test
    @Order(1)
    void everyReplicaRunsWithItsContainersEnvironmentOnItsOwnPodIpAndPassedItsProbes() {
        List<Pod> registers = registers();
        assertTrue(registers.size() >= 2, "several registers: " + registers);
        for (Deployment deployment : kubernetes.manifests().deployments()) {
            List<Pod> pods = kubernetes.pods(deployment);
            assertEquals(deployment.replicas(), pods.size(), deployment + ": spec.replicas pods");
            pods.forEach(pod -> assertEnvironment(pod, registers));
        }
        Set<String> gateways = kubernetes.pods(deployment("gateway")).stream()
                .map(ManifestDrivenClusterIT::advertisedGrpc).collect(Collectors.toSet());
        await("every register knows every gateway by pod IP").atMost(TIMEOUT).untilAsserted(() -> registers
                .forEach(register -> assertEquals(gateways, registeredGatewayAddresses(register), register.name())));
        awaitFullMesh();
        assertTheKubeletWouldRestartNothing();
    }

    @Test
    @Order(2)
    void aClientThroughEachGatewayReplicaReachesTheClientsOfTheOthers() {
        String room = unique("k8s-room");
        List<Member> chatters = new ArrayList<>();
        List<Pod> endpoints = kubernetes.readyEndpoints(GATEWAY_SERVICE);
        assertEquals(2, endpoints.size(), "the Service sends clients to both gateway replicas");
        endpoints.forEach(pod -> chatters.add(members.join(gateway(pod), WEBSOCKET, unique("ws"), room)));
        chatters.add(members.join(gateway(endpoints.get(0)), TCP, unique("tcp"), room));
        for (Member sender : chatters) {
            String content = unique("hello from " + sender);
            sender.client().send(say(content));
            chatters.forEach(receiver -> receiver.client().await(sender + "'s message", said(content)));
            assertRoundTrip(sender.client());
        }
    }

    @Test
    @Order(3)
    void aThirdGatewayAndAThirdWorkerAreDiscoveredAndReceiveTraffic() {
        Pod newGateway = kubernetes.startPod(deployment("gateway"));
        Pod newWorker = kubernetes.startPod(deployment("worker"));
        newGateway.awaitReady(LocalCluster.STARTUP_TIMEOUT);
        newWorker.awaitReady(LocalCluster.STARTUP_TIMEOUT);

        ProbeResult firstReady = newGateway.firstReadySuccess().orElseThrow();
        assertTrue(workerStreams(firstReady) >= 1, "ready only with a worker stream open: " + firstReady);
        await("every register lists " + newGateway).atMost(TIMEOUT).until(() -> registers().stream()
                .allMatch(register -> registeredGatewayAddresses(register).contains(advertisedGrpc(newGateway))));
        awaitFullMesh();
        String workerId = worker(newWorker).id();
        await("every gateway reports " + newWorker + " to every register").atMost(TIMEOUT)
                .until(() -> registers().stream().allMatch(register -> registerStatusGateways(register).stream()
                        .allMatch(g -> contains(g.path("workers"), workerId))));

        double handledBefore = worker(newWorker).process().metric("gw_worker_events_handled_total");
        String room = unique("k8s-scaled");
        Member onNewGateway = members.join(gateway(newGateway), WEBSOCKET, unique("new"), room);
        GatewayNode firstGateway = gateway(kubernetes.pods(deployment("gateway")).get(0));
        Member onFirstGateway = members.join(firstGateway, TCP, unique("old"), room);
        String content = unique("through the new gateway");
        onNewGateway.client().send(say(content));
        onFirstGateway.client().await("a message through the new gateway", said(content));
        assertRoundTrip(onNewGateway.client());
        await(newWorker + " handles events").atMost(TIMEOUT)
                .until(() -> worker(newWorker).process().metric("gw_worker_events_handled_total") > handledBefore);
        assertTheKubeletWouldRestartNothing();
    }

    @Test
    @Order(4)
    void aWorkerDeletedUnderLoadLosesNoEchoAndKeepsEachClientsOrder() {
        List<Pod> gateways = kubernetes.pods(deployment("gateway"));
        List<NumberedSender> senders = new ArrayList<>();
        for (int i = 0; i < 2 * gateways.size(); i++) {
            Transport transport = i % 2 == 0 ? WEBSOCKET : TCP;
            GatewayNode gateway = gateway(gateways.get(i % gateways.size()));
            ChatClient client = members.connect(gateway, transport, "echo" + i).client();
            senders.add(NumberedSender.echoes(client, load, ECHO_PERIOD));
        }
        Pod leaving = busiestWorkerUnderLoad();

        Pod.Termination termination = kubernetes.delete(leaving).join();
        List<Integer> sentAtExit = senders.stream().map(NumberedSender::sent).toList();
        assertFalse(termination.killed(), leaving + " exited within its grace period: " + termination);
        for (int i = 0; i < senders.size(); i++) {
            awaitEcho(senders.get(i), "after " + leaving + " left", sentAtExit.get(i) + 20);
        }
        for (NumberedSender sender : senders) {
            int sent = sender.stop();
            awaitEcho(sender, "(the last)", sent);
            assertEquals(IntStream.rangeClosed(1, sent).boxed().toList(), firstEchoes(sender),
                    sender + ": every echo, in order");
        }
        String leftId = worker(leaving).id();
        await("no gateway streams to " + leaving).atMost(TIMEOUT).until(() -> kubernetes.pods(deployment("gateway"))
                .stream().noneMatch(g -> gateway(g).workerIds().contains(leftId)));
        System.out.printf("%s deleted under load: SIGTERM after %d ms, exited after %d ms; %d echoes, %d repeated%n",
                leaving.name(), termination.sigtermAfter().toMillis(), termination.exitAfter().toMillis(),
                senders.stream().mapToInt(NumberedSender::sent).sum(),
                senders.stream().mapToInt(ManifestDrivenClusterIT::repeatedEchoes).sum());
        assertTheKubeletWouldRestartNothing();
    }

    @Test
    @Order(5)
    void aGatewayDeletedClosesItsClientsWithGoingAwayWhileTheOtherGatewaysServeOn() {
        List<Pod> gateways = kubernetes.pods(deployment("gateway"));
        Pod leaving = gateways.get(gateways.size() - 1);
        List<Pod> staying = gateways.subList(0, gateways.size() - 1);
        List<NumberedSender> leavers = List.of(echoing(leaving, WEBSOCKET, "leaver-ws1"),
                echoing(leaving, WEBSOCKET, "leaver-ws2"), echoing(leaving, TCP, "leaver-tcp"));
        List<NumberedSender> stayers = staying.stream().map(pod -> echoing(pod, WEBSOCKET, "stayer")).toList();
        await("echoes flowing").atMost(TIMEOUT).until(() -> leavers.stream().allMatch(e -> echoed(e).size() >= 10));

        List<Integer> sentAtDeletion = leavers.stream().map(NumberedSender::sent).toList();
        CompletableFuture<Pod.Termination> termination = kubernetes.delete(leaving);
        assertFalse(kubernetes.readyEndpoints(GATEWAY_SERVICE).contains(leaving),
                "no new clients for a terminating pod");
        Duration grace = Duration.ofSeconds(leaving.deployment().terminationGracePeriodSeconds());
        Map<String, String> closeReasons = new LinkedHashMap<>();
        for (NumberedSender leaver : leavers) {
            closeReasons.put(leaver.client().label(), leaver.client().inbox().awaitClosed(grace));
        }
        closeReasons.forEach((client, reason) -> {
            if (client.contains("/ws@")) {
                assertTrue(reason.startsWith("close frame 1001"), client + " closed with going-away, not: " + reason);
            }
        });
        Pod.Termination ended = termination.join();
        assertFalse(ended.killed(), leaving + " exited within its grace period: " + ended);
        for (int i = 0; i < leavers.size(); i++) {
            NumberedSender leaver = leavers.get(i);
            int sent = leaver.stop();
            List<Integer> echoed = firstEchoes(leaver);
            assertEquals(IntStream.rangeClosed(1, echoed.size()).boxed().toList(), echoed,
                    leaver + ": in order, none missing");
            assertTrue(echoed.size() >= sentAtDeletion.get(i),
                    leaver + ": every echo sent before the deletion came back, " + echoed.size() + " of " + sent);
        }
        assertOthersServeOn(leaving, stayers);
        System.out.printf("%s deleted: SIGTERM after %d ms, exited after %d ms; its clients closed: %s%n",
                leaving.name(), ended.sigtermAfter().toMillis(), ended.exitAfter().toMillis(), closeReasons);
        assertTheKubeletWouldRestartNothing();
    }

    // --- the scenario's steps --------------------------------------------------------------------

    /** The worker whose handled-events counter grows most while the load runs: the one to delete. */
    private static Pod busiestWorkerUnderLoad() {
        List<Pod> workers = kubernetes.pods(deployment("worker"));
        Map<Pod, Double> before = new LinkedHashMap<>();
        workers.forEach(pod -> before.put(pod, handled(pod)));
        await("the workers handle the echo load").atMost(TIMEOUT)
                .until(() -> workers.stream().mapToDouble(pod -> handled(pod) - before.get(pod)).sum() >= 150);
        return workers.stream().max((a, b) -> Double.compare(handled(a) - before.get(a), handled(b) - before.get(b)))
                .orElseThrow();
    }

    /** The other gateways' clients were not closed and got every echo; a new client through the Service chats. */
    private void assertOthersServeOn(Pod left, List<NumberedSender> stayers) {
        for (NumberedSender stayer : stayers) {
            assertFalse(stayer.client().inbox().isClosed(), stayer + " unaffected");
            int more = stayer.sent() + 10;
            awaitEcho(stayer, "after " + left + " left", more);
            int sent = stayer.stop();
            awaitEcho(stayer, "(the last)", sent);
            assertEquals(IntStream.rangeClosed(1, sent).boxed().toList(), firstEchoes(stayer),
                    stayer + ": every echo, in order");
        }
        List<Pod> endpoints = kubernetes.readyEndpoints(GATEWAY_SERVICE);
        assertFalse(endpoints.contains(left));
        String room = unique("k8s-after");
        Member first = members.join(gateway(endpoints.get(0)), WEBSOCKET, unique("after"), room);
        Member last = members.join(gateway(endpoints.get(endpoints.size() - 1)), TCP, unique("after"), room);
        first.client().send(say("still serving"));
        last.client().await("a message after the gateway left", said("still serving"));
        String leftId = gateway(left).id();
        await("no worker streams to " + left).atMost(TIMEOUT).until(() -> kubernetes.pods(deployment("worker")).stream()
                .noneMatch(w -> worker(w).connectedGatewayIds().contains(leftId)));
    }

    private NumberedSender echoing(Pod gateway, Transport transport, String label) {
        ChatClient client = members.connect(gateway(gateway), transport, unique(label)).client();
        return NumberedSender.echoes(client, load, ECHO_PERIOD);
    }

    // --- assertions ------------------------------------------------------------------------------

    /**
     * The pod's environment is its container's, as the kubelet resolves it for this pod, with the
     * register Services' names resolved to the register pods, plus the bind-host variables of its ports.
     */
    private static void assertEnvironment(Pod pod, List<Pod> registers) {
        Container container = pod.container();
        PodFields fields = new PodFields(pod.ip(), pod.name(), NAMESPACE);
        Map<String, String> expected =
                new LinkedHashMap<>(kubernetes.manifests().environment(pod.deployment(), container, fields));
        expected.computeIfPresent("GW_REGISTER_ADDRESSES", (name, value) ->
                registers.stream().map(ManifestDrivenClusterIT::advertisedGrpc).collect(Collectors.joining(",")));
        container.ports().keySet()
                .forEach(port -> expected.put(LocalKubernetes.BIND_HOST_VARIABLES.get(port), pod.ip()));
        assertEquals(expected, pod.environment(), pod + ": the container's environment");
        assertEquals(secret.get("GW_SECRET_KEY"), pod.environment().get("GW_SECRET_KEY"),
                pod + ": the generated secret");
        if (container.ports().containsKey("tcp")) {
            assertEquals(advertisedGrpc(pod), pod.environment().get("GATEWAY_ADVERTISE_ADDRESS"));
        }
    }

    private static void assertRoundTrip(ChatClient client) {
        String token = unique("ping");
        client.send(ChatProtocol.echo(ChatProtocol.JSON.getNodeFactory().textNode(token)));
        client.await("the echo of " + token, ChatProtocol.type("echo").and(m -> token.equals(m.path("data").asText())));
    }

    private static void awaitFullMesh() {
        List<GatewayNode> gateways =
                kubernetes.pods(deployment("gateway")).stream().map(ManifestDrivenClusterIT::gateway).toList();
        List<WorkerNode> workers =
                kubernetes.pods(deployment("worker")).stream().map(ManifestDrivenClusterIT::worker).toList();
        try {
            await("every worker streams to every gateway").atMost(TIMEOUT)
                    .until(() -> ClusterMesh.isComplete(gateways, workers));
        } catch (RuntimeException e) {
            throw new AssertionError("not fully meshed:" + ClusterMesh.report(gateways, workers), e);
        }
    }

    /** No liveness probe failed, and no probe made the kubelet restart a container. */
    private static void assertTheKubeletWouldRestartNothing() {
        assertEquals(List.of(), kubernetes.livenessFailures(), "liveness probes that failed");
        assertEquals(List.of(), kubernetes.restartReasons(), "no probe made the kubelet restart a container");
    }

    // --- reading the cluster ---------------------------------------------------------------------

    /** The Secret's keys with generated values, as the README has operators create it. */
    private static Map<String, String> generatedSecret(Manifests checkedIn) {
        JsonNode placeholders = checkedIn.get("Secret", SECRET).node().path("stringData");
        Map<String, String> generated = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        placeholders.properties().forEach(entry -> {
            assertTrue(entry.getValue().asText().startsWith(PLACEHOLDER_PREFIX), entry + " is a placeholder");
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            generated.put(entry.getKey(), Base64.getEncoder().encodeToString(bytes));
        });
        assertFalse(generated.isEmpty(), "the Secret has keys");
        return generated;
    }

    private static Deployment deployment(String component) {
        return kubernetes.manifests().deploymentOf(component);
    }

    /** The register pods, one per register Deployment, in the order GW_REGISTER_ADDRESSES names them. */
    private static List<Pod> registers() {
        return kubernetes.manifests().deploymentsOf("register").stream().map(ManifestDrivenClusterIT::only).toList();
    }

    private static Pod only(Deployment deployment) {
        List<Pod> pods = kubernetes.pods(deployment);
        assertEquals(1, pods.size(), deployment + " pods");
        return pods.get(0);
    }

    private static GatewayNode gateway(Pod pod) {
        return GATEWAYS.computeIfAbsent(pod, p -> new GatewayNode(p.process(), p.port("tcp"), p.port("grpc")));
    }

    private static WorkerNode worker(Pod pod) {
        return WORKERS.computeIfAbsent(pod, p -> new WorkerNode(p.process()));
    }

    /** {@code <pod IP>:<grpc port>}: what a gateway announces, and where the register Service leads. */
    private static String advertisedGrpc(Pod pod) {
        return pod.ip() + ":" + pod.port("grpc");
    }

    private static List<JsonNode> registerStatusGateways(Pod register) {
        JsonNode status = register.process().getJson("/status");
        return StreamSupport.stream(status.path("gateways").spliterator(), false).toList();
    }

    private static Set<String> registeredGatewayAddresses(Pod register) {
        return registerStatusGateways(register).stream().map(g -> g.path("address").asText()).collect(Collectors.toSet());
    }

    private static boolean contains(JsonNode array, String text) {
        return StreamSupport.stream(array.spliterator(), false).anyMatch(node -> text.equals(node.asText()));
    }

    /** The {@code streams} the gateway's {@code worker-attached} readiness check reported. */
    private static int workerStreams(ProbeResult readiness) {
        JsonNode checks = ChatProtocol.parse(readiness.body()).path("checks");
        return StreamSupport.stream(checks.spliterator(), false)
                .filter(check -> "worker-attached".equals(check.path("name").asText()))
                .mapToInt(check -> check.path("data").path("streams").asInt(0)).findFirst().orElse(0);
    }

    private static void awaitEcho(NumberedSender sender, String why, int n) {
        sender.client().await("echo " + n + " " + why, echoOf(n));
    }

    /** The numbers echoed back to the sender, in arrival order, repeats included. */
    private static List<Integer> echoed(NumberedSender sender) {
        return echoedNumbers(sender.client().inbox().all());
    }

    /** Each number echoed back, in the order of its first arrival. */
    private static List<Integer> firstEchoes(NumberedSender sender) {
        return List.copyOf(new LinkedHashSet<>(echoed(sender)));
    }

    /** How many echoes came back a second time or more (a gateway re-delivers what a lost worker did not ack). */
    private static int repeatedEchoes(NumberedSender sender) {
        List<Integer> echoed = echoed(sender);
        return echoed.size() - new LinkedHashSet<>(echoed).size();
    }

    private static double handled(Pod worker) {
        return worker.process().metric("gw_worker_events_handled_total");
    }

    private static long millisSince(Instant start) {
        return Duration.between(start, Instant.now()).toMillis();
    }
}
