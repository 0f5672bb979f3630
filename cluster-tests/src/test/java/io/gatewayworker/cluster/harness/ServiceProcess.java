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
import java.util.concurrent.TimeUnit;

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
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int httpPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code app} as {@code name}; {@code env} carries its whole configuration. */
    public static ServiceProcess start(String name, PackagedApp app, Map<String, String> env, int httpPort, Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
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
            // The test JVM's environment must not leak configuration into the cluster.
            builder.environment().keySet().removeIf(key -> INHERITED_CONFIG_PREFIXES.stream().anyMatch(key::startsWith));
            builder.environment().putAll(env);
            return new ServiceProcess(name, httpPort, log, builder.start());
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

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
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
                .append(key.contains("SECRET") ? "<redacted>" : value).append('\n'));
        return header.toString();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", http " + httpPort + ")";
    }
}
