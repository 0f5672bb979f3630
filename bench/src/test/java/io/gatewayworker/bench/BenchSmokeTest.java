package io.gatewayworker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gatewayworker.bench.baseline.BaselineServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;

/**
 * Runs each scenario briefly against the in-process baseline server: the tool works end to end
 * (non-zero throughput, no errors, nothing missing, a readable result file). It asserts no speed.
 */
class BenchSmokeTest {

    private static Vertx vertx;
    private static String url;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBaseline() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        vertx = Vertx.vertx();
        BaselineServer.start(vertx, "127.0.0.1", port, 2).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        url = "ws://127.0.0.1:" + port + "/ws";
    }

    @AfterAll
    static void stopBaseline() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoWithAWindowRepliesToEverySend() throws IOException {
        JsonObject result = run("echo", "-c", "4", "--window", "2", "--warmup", "0.5", "-d", "2");
        assertEquals(4, result.getJsonObject("parameters").getInteger("connections"));
        assertEquals(result.getLong("sent"), result.getLong("received"));
        assertTrue(result.getLong("received") > 0, "no replies");
        assertTrue(result.getDouble("throughput_per_s") > 0, "no throughput");
        assertEquals(result.getLong("received"), result.getJsonObject("latency_ms").getLong("count"));
        assertTrue(result.getJsonObject("latency_ms").getDouble("max") > 0, "no latency recorded");
    }

    @Test
    void echoAtAFixedRateSendsAboutThatRate() throws IOException {
        JsonObject result = run("echo", "-c", "3", "--rate", "300", "--warmup", "0", "-d", "1.5");
        // 300/s over the measured seconds; a loaded CI machine may lag a little behind, never ahead.
        double scheduled = 300 * result.getDouble("duration_s");
        assertTrue(result.getLong("sent") <= scheduled + 3, "sent more than the schedule: " + result.encode());
        assertTrue(result.getLong("sent") >= scheduled / 2, "fell far behind the schedule: " + result.encode());
        assertEquals(result.getLong("sent"), result.getLong("received"));
    }

    @Test
    void broadcastDeliversEverySayToEveryReceiver() throws IOException {
        JsonObject result = run("broadcast", "-n", "20", "--rate", "50", "--warmup", "0.5", "-d", "2");
        assertTrue(result.getLong("sent") > 0, "nothing said");
        assertEquals(result.getLong("sent") * 20, result.getLong("expected"));
        assertEquals(result.getLong("expected"), result.getLong("received"));
        assertTrue(result.getDouble("throughput_per_s") > 0, "no deliveries");
        assertTrue(result.getJsonArray("timeline").size() >= 1, "no progress recorded");
    }

    @Test
    void broadcastWithAWindowSpreadOverTwoUrlsDeliversEverySay() throws IOException {
        // the same server twice: the receivers alternate between the URLs
        JsonObject result = run("broadcast", "-n", "10", "--rate", "0", "--window", "4", "--warmup", "0.5", "-d", "1",
                "--url", url + "," + url);
        assertEquals(url + "," + url, result.getString("url"));
        assertEquals(4, result.getJsonObject("parameters").getInteger("window"));
        assertTrue(result.getLong("sent") > 0, "nothing said");
        assertEquals(result.getLong("sent") * 10, result.getLong("received"));
    }

    @Test
    void connectOpensAndHoldsEveryConnectionFromSeveralSourceAddresses() throws IOException {
        long pid = ProcessHandle.current().pid(); // the baseline runs in this JVM
        JsonObject result = run("connect", "-n", "60", "--source-addresses", "2", "--pid", Long.toString(pid),
                "--connect-warmup", "0.2", "--connect-concurrency", "4", "--warmup", "0", "-d", "1");
        JsonObject figures = result.getJsonObject("figures");
        // at least one warm-up round of 4 × 8 connections, opened and closed before the measured 60
        assertTrue(figures.getLong("warmup_connections") >= 32, "no warm-up: " + figures);
        assertEquals(0, figures.getLong("warmup_connections") % 32, "rounds are whole: " + figures);
        assertEquals(60L, figures.getLong("connected"));
        assertTrue(figures.getLong("connect_rate_per_s") > 0, "no connect rate");
        assertTrue(figures.getLong("server_rss_connected_bytes") > 0, "no RSS read");
        // the live heap after a full GC, read with jcmd: the 60 connections hold some of it
        assertTrue(figures.getLong("server_heap_before_bytes") > 0, "no heap read: " + figures);
        assertTrue(figures.getLong("server_heap_connected_bytes") > 0, "no heap read: " + figures);
        assertTrue(figures.containsKey("server_heap_per_connection_bytes"), "no heap per connection: " + figures);
    }

    @Test
    void anUnreachableTargetFailsSetUpWithItsOwnExitCode() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path out = dir.resolve("none.json");
        int exit = new CommandLine(new BenchCommand()).execute("echo", "--url", "ws://127.0.0.1:" + port + "/ws",
                "-c", "1", "-d", "1", "--out", out.toString());
        assertEquals(2, exit);
        assertTrue(Files.notExists(out));
    }

    /** Runs the tool as its command line does; it must exit 0 and write a readable result. */
    private JsonObject run(String... args) throws IOException {
        Path out = dir.resolve(args[0] + "-" + System.nanoTime() + ".json");
        List<String> line = new ArrayList<>(List.of(args));
        if (!line.contains("--url")) {
            line.addAll(List.of("--url", url));
        }
        line.addAll(List.of("--out", out.toString()));
        int exit = new CommandLine(new BenchCommand()).execute(line.toArray(String[]::new));
        JsonObject result = new JsonObject(Files.readString(out));
        assertEquals(0, exit, "exit code; result: " + result.encode());
        assertEquals(0L, result.getLong("errors"), "errors: " + result.getJsonArray("error_samples"));
        assertEquals(0L, result.getLong("missing"));
        assertEquals(args[0], result.getString("scenario"));
        return result;
    }
}
