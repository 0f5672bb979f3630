package io.gatewayworker.cluster.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bin/cluster} driven as a user drives it, on free ports (its environment overrides) and in its
 * own state directory, so it never touches a developer's cluster in {@code <repo>/.cluster}. It uses
 * the packaged apps as they are ({@code CLUSTER_BUILD=never}): the reactor built them.
 */
public final class BinCluster implements AutoCloseable {

    /** The services bin/cluster starts, in its order. */
    public static final List<String> SERVICES = List.of("register", "gateway1", "gateway2", "worker1", "worker2");
    private static final List<String> PORT_SETTINGS = List.of(
            "CLUSTER_REGISTER_GRPC_PORT", "CLUSTER_REGISTER_HTTP_PORT",
            "CLUSTER_GATEWAY1_HTTP_PORT", "CLUSTER_GATEWAY1_TCP_PORT", "CLUSTER_GATEWAY1_GRPC_PORT",
            "CLUSTER_GATEWAY2_HTTP_PORT", "CLUSTER_GATEWAY2_TCP_PORT", "CLUSTER_GATEWAY2_GRPC_PORT",
            "CLUSTER_WORKER1_HTTP_PORT", "CLUSTER_WORKER2_HTTP_PORT");
    private static final List<String> INHERITED_CONFIG_PREFIXES = List.of("CLUSTER_", "QUARKUS_", "GW_", "GATEWAY_", "WORKER_");

    /** What one bin/cluster command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    private final Path script = PackagedApp.projectRoot().resolve("bin/cluster");
    private final Path stateDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();

    /** A cluster on free ports, its state in {@code stateDir} (emptied first). */
    public BinCluster(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath();
        deleteRecursively(this.stateDir);
        PORT_SETTINGS.forEach(setting -> env.put(setting, String.valueOf(FreePorts.next())));
        env.put("CLUSTER_STATE_DIR", this.stateDir.toString());
        env.put("CLUSTER_BUILD", "never");
        env.put("CLUSTER_JAVA_OPTS", String.join(" ", ServiceProcess.JVM_OPTIONS));
        env.put("CLUSTER_READY_TIMEOUT", String.valueOf(LocalCluster.STARTUP_TIMEOUT.toSeconds()));
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    /** Overrides one environment variable of every later command. */
    public BinCluster with(String name, String value) {
        env.put(name, value);
        return this;
    }

    public int port(String setting) {
        return Integer.parseInt(env.get(setting));
    }

    public URI webSocketUri(int gateway) {
        return URI.create("ws://127.0.0.1:" + port("CLUSTER_GATEWAY" + gateway + "_HTTP_PORT") + "/ws");
    }

    public InetSocketAddress tcpAddress(int gateway) {
        return new InetSocketAddress("127.0.0.1", port("CLUSTER_GATEWAY" + gateway + "_TCP_PORT"));
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    /** Runs {@code bin/cluster <args>} to completion (or fails after {@code timeout}, killing it). */
    public Result run(Duration timeout, String... args) {
        Path output = stateDir.resolveSibling(stateDir.getFileName() + "-command.out");
        Process process = start(output, args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/cluster " + String.join(" ", args) + " did not finish within " + timeout
                        + "; it printed:\n" + read(output));
            }
            return new Result(process.exitValue(), read(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code bin/cluster <args>} without waiting, as the leader of a new session (so it can be
     * sent a terminal's Ctrl-C: SIGINT to its whole process group). Its output goes to {@code output}.
     * SIGINT is reset to its default first (perl is part of every Debian): a build started in the
     * background of a non-interactive shell ignores SIGINT, children inherit that, and a shell that
     * starts with SIGINT ignored cannot trap it, as no terminal's foreground job would.
     */
    public Process startInOwnSession(Path output, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"", "setsid"));
        command.add(script.toString());
        command.addAll(List.of(args));
        return launch(command, output);
    }

    /** The pids in the state directory's {@code <service>.pid} files, by service. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Path file = stateDir.resolve(service + ".pid");
            if (Files.isRegularFile(file)) {
                pids.put(service, Long.parseLong(read(file).trim()));
            }
        }
        return pids;
    }

    /** The live process with this pid, if any. */
    public static Optional<ProcessHandle> alive(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    /** Kills whatever is still running of this cluster and of the commands it ran; for cleanup after failures. */
    @Override
    public void close() {
        pids().values().forEach(pid -> alive(pid).ifPresent(ProcessHandle::destroyForcibly));
        started.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    private Process start(Path output, String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        return launch(command, output);
    }

    private Process launch(List<String> command, Path output) {
        try {
            Files.createDirectories(output.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(key -> INHERITED_CONFIG_PREFIXES.stream().anyMatch(key::startsWith));
            builder.environment().putAll(env);
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }
}
