package io.gatewayworker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.TcpChatClient;
import io.gatewayworker.cluster.client.WebSocketChatClient;
import io.gatewayworker.cluster.harness.BinCluster;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.PackagedApp;
import io.gatewayworker.cluster.harness.ServiceLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.loginOf;
import static io.gatewayworker.cluster.client.ChatProtocol.membersOf;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/cluster} itself, for real: start detached and in the foreground on free ports, status,
 * clients, stop. Runs first in the module ({@link ClassOrderer.OrderAnnotation}), before the shared
 * cluster of the other classes starts, so its own five JVMs never compete with those.
 */
@Order(1)
class BinClusterIT {

    private static final Duration COMMAND_TIMEOUT = LocalCluster.STARTUP_TIMEOUT.plusSeconds(30);
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Pattern CLIENT_ID = Pattern.compile("^[0-9a-f]{13,28}$");
    private static final Pattern GATEWAY_ROW = Pattern.compile("(?m)^  [0-9a-f]+ +127\\.0\\.0\\.1:\\d+ +\\d+ +w-\\S+ w-\\S+$");
    private static final Pattern WORKER_ROW = Pattern.compile("(?m)^  w-[0-9a-f]+ +yes +[0-9a-f]+ [0-9a-f]+$");

    private final BinCluster cluster = new BinCluster(Path.of("target", "bin-cluster"));
    private final List<ChatClient> clients = new ArrayList<>();

    /** On failure: what the services logged, then everything still running is killed. */
    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println("BinClusterIT." + context.getRequiredTestMethod().getName()
                    + " failed; bin/cluster's service logs end with:\n"
                    + ServiceLogs.tails(cluster.logDir(), 40));
        }
    };

    @AfterEach
    void cleanUp() {
        clients.forEach(client -> {
            try {
                client.close();
            } catch (RuntimeException | AssertionError ignored) {
                // the outcome is decided
            }
        });
        cluster.close();
    }

    @Test
    void startRefusesBusyPortsNamingThemAndStartsNothing() throws IOException {
        int busy = cluster.port("CLUSTER_GATEWAY2_TCP_PORT");
        try (ServerSocket squatter = new ServerSocket(busy, 1, InetAddress.getLoopbackAddress())) {
            BinCluster.Result start = cluster.run(QUICK, "start", "-d");

            assertNotEquals(0, start.exitCode(), start::toString);
            assertTrue(start.output().contains(busy + " (CLUSTER_GATEWAY2_TCP_PORT, gateway2) is already in use"),
                    start::toString);
            assertTrue(cluster.pids().isEmpty(), () -> "no pid files: " + cluster.pids());
        }
    }

    @Test
    void startDetachedFailsWithTheReasonAndLeavesNothingRunningWhenAServiceDies() {
        BinCluster.Result start = cluster.with("CLUSTER_JAVA_OPTS", "-XX:+NoSuchJvmOption").run(QUICK, "start", "-d");

        assertEquals(1, start.exitCode(), start::toString);
        assertTrue(start.output().contains("register exited (code 1) before it was ready"), start::toString);
        assertTrue(start.output().contains("NoSuchJvmOption"), () -> "the log's tail explains why: " + start);
        assertTrue(cluster.pids().isEmpty(), () -> "no pid files: " + cluster.pids());
        BinCluster.Result status = cluster.run(QUICK, "status");
        assertEquals(3, status.exitCode(), () -> "status says not running: " + status);
    }

    @Test
    void startDetachedStatusAndStopOnFreePorts() throws Exception {
        BinCluster.Result start = cluster.run(COMMAND_TIMEOUT, "start", "-d");
        assertEquals(0, start.exitCode(), start::toString);
        assertTrue(start.output().contains("ws://127.0.0.1:" + cluster.port("CLUSTER_GATEWAY1_HTTP_PORT") + "/ws"), start::toString);
        assertTrue(start.output().contains("127.0.0.1:" + cluster.port("CLUSTER_GATEWAY2_TCP_PORT")), start::toString);
        Map<String, Long> pids = cluster.pids();
        assertEquals(BinCluster.SERVICES, List.copyOf(pids.keySet()), "a pid file per service");
        pids.forEach((service, pid) -> assertRunsPackagedApp(service, pid));

        ChatClient alice = track(WebSocketChatClient.connect(cluster.webSocketUri(1), "alice/ws@gateway1"));
        ChatClient bob = track(TcpChatClient.connect(cluster.tcpAddress(2), "bob/tcp@gateway2"));
        assertTrue(CLIENT_ID.matcher(welcomeId(alice)).matches(), () -> alice.inbox().all().toString());
        String bobId = welcomeId(bob);
        alice.send(login("alice", "bin-cluster"));
        alice.await("the members", membersOf("bin-cluster"));
        bob.send(login("bob", "bin-cluster"));
        bob.await("the members", membersOf("bin-cluster"));
        alice.await("bob's login", loginOf(bobId));
        bob.send(say("hello over bin/cluster"));
        alice.await("bob's message", said("hello over bin/cluster"));

        BinCluster.Result status = cluster.run(QUICK, "status");
        assertEquals(0, status.exitCode(), () -> "every service ready: " + status);
        for (String service : BinCluster.SERVICES) {
            Matcher row = Pattern.compile("(?m)^" + service + "\\s+(\\d+)\\s+yes\\s+yes\\s+\\d+\\s+(.*)$").matcher(status.output());
            assertTrue(row.find(), () -> service + " alive and ready in " + status);
            assertEquals(pids.get(service), Long.parseLong(row.group(1)), () -> service + "'s pid in " + status);
        }
        assertTrue(status.output().matches("(?s).*\\ngateway1 .*connections 1 \\(ws 1, tcp 0\\).*"), status::toString);
        assertTrue(status.output().matches("(?s).*\\ngateway2 .*connections 1 \\(ws 0, tcp 1\\).*"), status::toString);
        // Then the register's cluster view: each gateway holds both workers, each worker both gateways.
        await("the register's cluster view in bin/cluster status").atMost(QUICK).untilAsserted(() -> {
            String view = cluster.run(QUICK, "status").output();
            assertTrue(view.contains("The cluster as the register sees it"), view);
            assertEquals(2, GATEWAY_ROW.matcher(view).results().count(), view);
            assertEquals(2, WORKER_ROW.matcher(view).results().count(), view);
        });

        try (Decoy decoy = Decoy.lookingLike(PackagedApp.GATEWAY)) {
            BinCluster.Result stop = cluster.run(QUICK, "stop");
            assertEquals(0, stop.exitCode(), stop::toString);
            pids.forEach((service, pid) -> assertFalse(BinCluster.alive(pid).isPresent(), service + " (pid " + pid + ") stopped"));
            assertTrue(decoy.isAlive(), "stop leaves alone a process it did not start, even one that looks like a gateway");
        }
        assertTrue(cluster.pids().isEmpty(), () -> "pid files removed: " + cluster.pids());
        BinCluster.Result after = cluster.run(QUICK, "status");
        assertEquals(3, after.exitCode(), () -> "status after stop: " + after);
    }

    @Test
    void startInTheForegroundStopsEverythingOnCtrlC() throws Exception {
        Path output = cluster.stateDir().resolveSibling("bin-cluster-foreground.out");
        Process foreground = cluster.startInOwnSession(output, "start");
        await("the foreground cluster ready").atMost(COMMAND_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(foreground.isAlive(), () -> "bin/cluster start exited early:\n" + read(output));
            return Files.readString(output).contains("Ctrl-C stops the cluster.");
        });
        String printed = Files.readString(output);
        assertTrue(printed.contains("ws://127.0.0.1:" + cluster.port("CLUSTER_GATEWAY2_HTTP_PORT") + "/ws"), printed);
        assertTrue(printed.matches("(?s).*\\[gateway1] .*"), () -> "service logs prefixed by name:\n" + printed);
        Map<String, Long> pids = cluster.pids();
        assertEquals(BinCluster.SERVICES, List.copyOf(pids.keySet()), "a pid file per service");
        ChatClient client = track(TcpChatClient.connect(cluster.tcpAddress(1), "carol/tcp@gateway1"));
        welcomeId(client);

        // A terminal's Ctrl-C: SIGINT to the whole foreground process group.
        Process ctrlC = new ProcessBuilder("bash", "-c", "kill -INT -- -" + foreground.pid()).inheritIO().start();
        assertEquals(0, ctrlC.waitFor(), "kill -INT sent");

        await("bin/cluster start exits").atMost(QUICK).until(() -> !foreground.isAlive());
        String stopped = read(output);
        assertEquals(130, foreground.exitValue(), () -> "exit code after Ctrl-C; printed:\n" + stopped);
        pids.forEach((service, pid) -> assertFalse(BinCluster.alive(pid).isPresent(), service + " (pid " + pid + ") stopped"));
        // The script stopped each service itself, gateways first (the JVMs ignore the terminal's SIGINT).
        List<Integer> stopOrder = BinCluster.SERVICES.stream()
                .map(service -> stopped.indexOf("stopping " + service + " (pid " + pids.get(service) + ")")).toList();
        assertTrue(stopOrder.stream().allMatch(at -> at >= 0), () -> "every service stopped by bin/cluster:\n" + stopped);
        assertTrue(stopOrder.get(1) < stopOrder.get(3) && stopOrder.get(2) < stopOrder.get(4) && stopOrder.get(3) < stopOrder.get(0),
                () -> "gateways, then workers, then the register:\n" + stopped);
        assertTrue(cluster.pids().isEmpty(), () -> "pid files removed: " + cluster.pids());
        client.inbox().awaitClosed(QUICK);
    }

    private ChatClient track(ChatClient client) {
        clients.add(client);
        return client;
    }

    private static String welcomeId(ChatClient client) {
        JsonNode welcome = client.awaitType("welcome");
        return welcome.path("client_id").asText();
    }

    private static void assertRunsPackagedApp(String service, long pid) {
        ProcessHandle process = BinCluster.alive(pid).orElseThrow(() -> new AssertionError(service + " (pid " + pid + ") is running"));
        PackagedApp app = service.startsWith("gateway") ? PackagedApp.GATEWAY
                : service.startsWith("worker") ? PackagedApp.WORKER : PackagedApp.REGISTER;
        String commandLine = process.info().commandLine().orElse("");
        assertTrue(commandLine.contains(app.jar().toString()), () -> service + " runs " + app.jar() + ": " + commandLine);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A process that is not the cluster's but whose command line names a service's jar. */
    private record Decoy(Process process) implements AutoCloseable {

        static Decoy lookingLike(PackagedApp app) throws IOException {
            return new Decoy(new ProcessBuilder("bash", "-c", "exec -a \"java -jar " + app.jar() + "\" sleep 600").start());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
