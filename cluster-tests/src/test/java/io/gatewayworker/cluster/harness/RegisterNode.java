package io.gatewayworker.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A register of a {@link LocalCluster}: its fixed ports and its current process. {@link #restart()}
 * starts a new process on the same ports (the address members were configured with), as Kubernetes
 * restarts a register pod behind its Service; the register keeps no state, so the new one starts empty
 * and its view is rebuilt as members re-join.
 */
public final class RegisterNode {

    private final String name;
    private final int httpPort;
    private final int grpcPort;
    private final Function<RegisterNode, Map<String, String>> environment;
    private final Path logDir;
    private volatile ServiceProcess process;
    private int starts;

    RegisterNode(String name, int httpPort, int grpcPort, Function<RegisterNode, Map<String, String>> environment,
            Path logDir) {
        this.name = name;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.environment = environment;
        this.logDir = logDir;
        launch();
    }

    public String name() {
        return name;
    }

    /** The current process (after a {@link #restart()}, the new one). */
    public ServiceProcess process() {
        return process;
    }

    int httpPort() {
        return httpPort;
    }

    int grpcPort() {
        return grpcPort;
    }

    /** {@code host:port} of its gRPC server: an entry of the members' {@code GW_REGISTER_ADDRESSES}. */
    public String grpcAddress() {
        return "127.0.0.1:" + grpcPort;
    }

    /**
     * Starts a new process on the same ports (the old one must have exited) and returns it, not yet
     * ready; its log is {@code <name>-restart<n>.log}.
     */
    public synchronized ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        return launch();
    }

    /** {@code GET /cluster}: {@code {"registerId", "ready", "gateways": [{"id", ...}], "workers": [{"id", ...}]}}. */
    public JsonNode cluster() {
        return process.getJson("/cluster");
    }

    /** Ids of the gateways its {@code /cluster} lists. */
    public Set<String> gatewayIds() {
        return ids(cluster().path("gateways"));
    }

    /** Ids of the workers its {@code /cluster} lists (watching it, or reported by a gateway). */
    public Set<String> workerIds() {
        return ids(cluster().path("workers"));
    }

    private synchronized ServiceProcess launch() {
        String processName = starts++ == 0 ? name : name + "-restart" + (starts - 1);
        process = ServiceProcess.start(processName, PackagedApp.REGISTER, environment.apply(this), httpPort, logDir);
        return process;
    }

    private static Set<String> ids(JsonNode entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(entry -> ids.add(entry.path("id").asText()));
        return ids;
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
