package io.gatewayworker.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * One service JVM started from its packaged app ({@code java -jar quarkus-run.jar}), configured by
 * environment variables, its output in {@code <logDir>/<name>.log}. Readiness is the service's
 * {@code /q/health/ready}; {@link #stop()} is SIGTERM (graceful shutdown), {@link #kill()} is SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Small heap, C1 only, serial GC: five JVMs start quickly side by side on two cores. */
    static final List<String> JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final List<String> INHERITED_CONFIG_PREFIXES =
            List.of("QUARKUS_", "GW_", "GATEWAY_", "WORKER_", "REGISTER_");
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String host;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, String host, int httpPort, Path log, Process process) {
        this.name = name;
        this.host = host;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code app} as {@code name}; {@code env} carries its whole configuration. */
    public static ServiceProcess start(String name, PackagedApp app, Map<String, String> env, int httpPort, Path logDir) {
        return launch(name, app, JVM_OPTIONS, env, LOOPBACK, httpPort, logDir, inherited -> {
            // The test JVM's environment must not leak configuration into the cluster.
            inherited.keySet().removeIf(key -> INHERITED_CONFIG_PREFIXES.stream().anyMatch(key::startsWith));
            inherited.putAll(env);
        });
    }

    /**
     * Starts {@code app} as {@code name} the way a container runs it: {@code java <jvmOptions> -jar ...}
     * with {@code env} as its whole environment (nothing inherited from the test JVM), its HTTP server
     * on {@code host:httpPort}.
     */
    public static ServiceProcess startContained(String name, PackagedApp app, List<String> jvmOptions,
            Map<String, String> env, String host, int httpPort, Path logDir) {
        return launch(name, app, jvmOptions, env, host, httpPort, logDir, inherited -> {
            inherited.clear();
            inherited.putAll(env);
        });
    }

    private static ServiceProcess launch(String name, PackagedApp app, List<String> jvmOptions, Map<String, String> env,
            String host, int httpPort, Path logDir, Consumer<Map<String, String>> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(app.jar().toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.writeString(log, header(command, env), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(logDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            environment.accept(builder.environment());
            return new ServiceProcess(name, host, httpPort, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The address its HTTP server listens on. */
    public String host() {
        return host;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process has exited. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public URI uri(String path) {
        return URI.create("http://" + host + ":" + httpPort + path);
    }

    /** True when {@code /q/health/ready} answers 200; false while starting or not ready. */
    public boolean isReady() {
        try {
            return get("/q/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until ready; fails early, with the log's tail, if the process exits or the deadline passes. */
    public void awaitReady(Duration timeout) {
        try {
            await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                            + " before it was ready" + logExcerpt());
                }
                return isReady();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + timeout
                    + " (GET " + uri("/q/health/ready") + " -> " + describeReadiness() + ")" + logExcerpt(), e);
        }
    }

    /** {@code GET path} as JSON (e.g. {@code /status}); fails on a non-200 answer. */
    public JsonNode getJson(String path) {
        try {
            HttpResponse<String> response = get(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + " GET " + path + " -> " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " GET " + path, e);
        }
    }

    /** {@code GET path} as text (e.g. {@code /q/metrics}); fails on a non-200 answer. */
    public String getText(String path) {
        try {
            HttpResponse<String> response = get(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + " GET " + path + " -> " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " GET " + path, e);
        }
    }

    /** Waits until the process has exited; fails, with the log's tail, if it is still running after {@code timeout}. */
    public void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running " + timeout + " after it was asked to stop"
                        + logExcerpt());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted while waiting for its exit", e);
        }
    }

    /** SIGTERM without waiting, so several services shut down side by side; {@link #stop()} then waits. */
    public void requestStop() {
        process.destroy();
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL: the process vanishes without shutting anything down (a crash). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The last {@code lines} lines of the service's output. */
    public String logTail(int lines) {
        return ServiceLogs.tail(log, lines);
    }

    /** The sum of a Prometheus metric's samples (every tag combination) in {@code /q/metrics}; 0 when it has none. */
    public double metric(String metricName) {
        return getText("/q/metrics").lines()
                .filter(line -> line.startsWith(metricName + " ") || line.startsWith(metricName + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    String logExcerpt() {
        return "; last lines of " + log + ":\n" + logTail(40);
    }

    private HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String describeReadiness() {
        try {
            HttpResponse<String> response = get("/q/health/ready");
            return response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
        } catch (ConnectException e) {
            return "connection refused";
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private static String header(List<String> command, Map<String, String> env) {
        StringBuilder header = new StringBuilder("# ").append(String.join(" ", command)).append('\n');
        env.forEach((key, value) -> header.append("# ").append(key).append('=')
                .append(key.contains("SECRET") || key.contains("TOKEN") ? "<redacted>" : value).append('\n'));
        return header.toString();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", http " + host + ":" + httpPort + ")";
    }
}
