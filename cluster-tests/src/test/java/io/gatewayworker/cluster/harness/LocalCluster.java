package io.gatewayworker.cluster.harness;

import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * One or more registers, N gateways and M workers, each a separate JVM from its packaged app, on free
 * loopback ports (never bin/cluster's defaults) with a random cluster secret. Logs go to
 * {@code target/cluster-logs/<cluster name>/<service>.log}. Gateways and workers are numbered from 1,
 * as bin/cluster names them.
 */
public final class LocalCluster implements AutoCloseable {

    /** Five JVMs starting at once on two busy cores; {@code -Dcluster.startup.timeout=<seconds>} overrides. */
    public static final Duration STARTUP_TIMEOUT =
            Duration.ofSeconds(Long.getLong("cluster.startup.timeout", 180));

    private final String name;
    private final String secret = randomSecret();
    /** Bearer token of the workers' push API ({@code /api/v1}). */
    public static final String PUSH_TOKEN = "cluster-test-push-token";
    private final Path logDir;
    /** Extra settings every service of this cluster gets (environment variables). */
    private final Map<String, String> settings;
    private final List<GatewayNode> gateways = new CopyOnWriteArrayList<>();
    private final List<WorkerNode> workers = new CopyOnWriteArrayList<>();
    private final CleanupHook cleanup = CleanupHook.register("local-cluster-shutdown", this::stopAll);
    private final List<RegisterNode> registers = new CopyOnWriteArrayList<>();

    private LocalCluster(String name, Map<String, String> settings) {
        this.name = name;
        this.settings = Map.copyOf(settings);
        this.logDir = Path.of("target", "cluster-logs", name).toAbsolutePath();
    }

    /**
     * Starts the cluster and returns once every service is ready and every worker streams to every
     * gateway; on failure stops what it started and throws with the failing service's log.
     */
    public static LocalCluster start(String name, int gatewayCount, int workerCount) {
        return start(name, gatewayCount, workerCount, Map.of());
    }

    /**
     * {@link #start(String, int, int)} with extra {@code settings} (environment variables, e.g.
     * {@code GATEWAY_SHUTDOWN_DRAIN_PERIOD}) given to every service; each reads only its own.
     */
    public static LocalCluster start(String name, int gatewayCount, int workerCount, Map<String, String> settings) {
        return start(name, 1, gatewayCount, workerCount, settings);
    }

    /**
     * {@link #start(String, int, int, Map)} with {@code registerCount} registers: every gateway joins
     * and every worker watches all of them ({@code GW_REGISTER_ADDRESSES} lists each).
     */
    public static LocalCluster start(String name, int registerCount, int gatewayCount, int workerCount,
            Map<String, String> settings) {
        LocalCluster cluster = new LocalCluster(name, settings);
        try {
            for (int i = 0; i < registerCount; i++) {
                cluster.launchRegister();
            }
            for (int i = 0; i < gatewayCount; i++) {
                cluster.launchGateway();
            }
            for (int i = 0; i < workerCount; i++) {
                cluster.launchWorker();
            }
            cluster.awaitSettled(STARTUP_TIMEOUT);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Gateway {@code n}, counting from 1 in start order. */
    public GatewayNode gateway(int n) {
        return gateways.get(n - 1);
    }

    /** Worker {@code n}, counting from 1 in start order. */
    public WorkerNode worker(int n) {
        return workers.get(n - 1);
    }

    public List<GatewayNode> gateways() {
        return List.copyOf(gateways);
    }

    public List<WorkerNode> workers() {
        return List.copyOf(workers);
    }

    /** The first register's current process. */
    public ServiceProcess register() {
        return registers.get(0).process();
    }

    /** Register {@code n}, counting from 1 in start order. */
    public RegisterNode register(int n) {
        return registers.get(n - 1);
    }

    public List<RegisterNode> registers() {
        return List.copyOf(registers);
    }

    public Path logDir() {
        return logDir;
    }

    /** The last {@code lines} lines of every service's log, for failure reports. */
    public String logTails(int lines) {
        StringBuilder report = new StringBuilder();
        for (ServiceProcess process : processes()) {
            report.append("==> ").append(process).append(", ").append(process.log()).append(" <==\n")
                    .append(process.logTail(lines)).append('\n');
        }
        return report.toString();
    }

    /** Starts one more gateway and waits until it is ready (joined the register, a worker stream open). */
    public GatewayNode startGateway() {
        return startGateway(Map.of());
    }

    /**
     * {@link #startGateway()} with settings of its own on top of the cluster's (environment variables, e.g.
     * {@code GATEWAY_TCP_CODEC=frame}).
     */
    public GatewayNode startGateway(Map<String, String> own) {
        GatewayNode gateway = launchGateway(own);
        gateway.process().awaitReady(STARTUP_TIMEOUT);
        return gateway;
    }

    /** Starts one more worker and waits until it is ready (streams open to every gateway it knows). */
    public WorkerNode startWorker() {
        WorkerNode worker = launchWorker();
        worker.process().awaitReady(STARTUP_TIMEOUT);
        return worker;
    }

    /** Stops gateways first (their clients' close events still reach workers), then workers, then the registers. */
    @Override
    public void close() {
        cleanup.runNow();
    }

    private void launchRegister() {
        String serviceName = registers.isEmpty() ? "register" : "register" + (registers.size() + 1);
        registers.add(new RegisterNode(serviceName, FreePorts.next(), FreePorts.next(), register -> withSettings(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(register.httpPort()),
                "QUARKUS_GRPC_SERVER_PORT", String.valueOf(register.grpcPort()),
                "GW_SECRET_KEY", secret)), logDir));
    }

    private GatewayNode launchGateway() {
        return launchGateway(Map.of());
    }

    private GatewayNode launchGateway(Map<String, String> own) {
        int httpPort = FreePorts.next();
        int tcpPort = FreePorts.next();
        int grpcPort = FreePorts.next();
        String serviceName = "gateway" + (gateways.size() + 1);
        Map<String, String> env = new HashMap<>(own);
        env.putAll(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(httpPort),
                "QUARKUS_GRPC_SERVER_PORT", String.valueOf(grpcPort),
                "GATEWAY_TCP_PORT", String.valueOf(tcpPort),
                "GATEWAY_ADVERTISE_ADDRESS", "127.0.0.1:" + grpcPort,
                "GW_REGISTER_ADDRESSES", registerAddresses(),
                "GW_SECRET_KEY", secret));
        ServiceProcess process = ServiceProcess.start(serviceName, PackagedApp.GATEWAY, withSettings(env), httpPort,
                logDir);
        GatewayNode gateway = new GatewayNode(process, tcpPort, grpcPort);
        gateways.add(gateway);
        return gateway;
    }

    private WorkerNode launchWorker() {
        int httpPort = FreePorts.next();
        String serviceName = "worker" + (workers.size() + 1);
        ServiceProcess process = ServiceProcess.start(serviceName, PackagedApp.WORKER, withSettings(Map.of(
                "QUARKUS_HTTP_PORT", String.valueOf(httpPort),
                "GW_REGISTER_ADDRESSES", registerAddresses(),
                "GW_SECRET_KEY", secret,
                "WORKER_PUSH_TOKEN", PUSH_TOKEN)), httpPort, logDir);
        WorkerNode worker = new WorkerNode(process);
        workers.add(worker);
        return worker;
    }

    /** A service's own environment plus the cluster's extra settings (its own win). */
    private Map<String, String> withSettings(Map<String, String> own) {
        Map<String, String> env = new HashMap<>(settings);
        env.putAll(own);
        return env;
    }

    /** The first register's gRPC address ({@code host:port}), for clients of the cluster's contract. */
    public String registerAddress() {
        return registers.get(0).grpcAddress();
    }

    /** Every register's gRPC address, comma-separated: the members' {@code GW_REGISTER_ADDRESSES}. */
    public String registerAddresses() {
        return String.join(",", registers.stream().map(RegisterNode::grpcAddress).toList());
    }

    /** The cluster secret every service of this cluster was started with ({@code GW_SECRET_KEY}). */
    public String secret() {
        return secret;
    }

    private void awaitSettled(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (ServiceProcess process : processes()) {
            process.awaitReady(Duration.between(Instant.now(), deadline));
        }
        try {
            await(name + ": every worker streams to every gateway")
                    .atMost(Duration.between(Instant.now(), deadline))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> ClusterMesh.isComplete(gateways, workers));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + ": services are ready but not every worker streams to every gateway: "
                    + ClusterMesh.report(gateways, workers), e);
        }
    }

    private List<ServiceProcess> processes() {
        List<ServiceProcess> all = new ArrayList<>();
        registers.forEach(register -> all.add(register.process()));
        gateways.forEach(gateway -> all.add(gateway.process()));
        workers.forEach(worker -> all.add(worker.process()));
        return all;
    }

    private void stopAll() {
        stopTogether(gateways.stream().map(GatewayNode::process).toList());
        stopTogether(workers.stream().map(WorkerNode::process).toList());
        stopTogether(registers.stream().map(RegisterNode::process).toList());
    }

    /** SIGTERM to every process of a tier at once, then waits for each. */
    private static void stopTogether(List<ServiceProcess> tier) {
        tier.forEach(ServiceProcess::requestStop);
        tier.forEach(ServiceProcess::stop);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return name + " " + processes();
    }
}
