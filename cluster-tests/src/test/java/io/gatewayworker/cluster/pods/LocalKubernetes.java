package io.gatewayworker.cluster.pods;

import io.gatewayworker.cluster.harness.CleanupHook;
import io.gatewayworker.cluster.harness.PackagedApp;
import io.gatewayworker.cluster.harness.ServiceProcess;
import io.gatewayworker.cluster.k8s.Container;
import io.gatewayworker.cluster.k8s.Deployment;
import io.gatewayworker.cluster.k8s.Manifests;
import io.gatewayworker.cluster.k8s.PodFields;
import io.gatewayworker.cluster.k8s.Service;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The Deployments of a manifest folder run as local processes: what the scheduler, the kubelet,
 * cluster DNS and Services do for them, emulated on one machine.
 * <ul>
 *   <li><b>Pods</b>: each replica is {@code java $JAVA_OPTS_APPEND -jar <service>/target/quarkus-app/quarkus-run.jar}
 *       (the image's entry point; the app is found by the image's name, {@code .../gateway:<tag>} is
 *       {@code gateway-service}) with the container's environment resolved by {@link Manifests} and
 *       nothing else inherited, on its own pod IP ({@link PodAddresses}). JVM options the container
 *       would imply: {@link ContainerJvm}.</li>
 *   <li><b>Network namespace</b>: a pod's listeners bind its pod IP instead of {@code 0.0.0.0}, so
 *       replicas share port numbers as they do in a cluster. The only variables added to a
 *       container's environment, one per named container port: {@code http} {@code QUARKUS_HTTP_HOST},
 *       {@code grpc} {@code QUARKUS_GRPC_SERVER_HOST}, {@code tcp} {@code GATEWAY_TCP_HOST}
 *       ({@code gateway.tcp.host}); a port of another name fails the start, and so does a manifest
 *       that sets one of them itself.</li>
 *   <li><b>Cluster DNS</b>: {@link ClusterDns}; a pod whose environment names a Service waits until
 *       the Service has a ready pod, so the register starts first.</li>
 *   <li><b>Kubelet</b>: the probes ({@link PodProbes}, periods times {@code timeScale}) and deletion
 *       ({@link Pod#delete}: preStop, SIGTERM, SIGKILL after the grace period).</li>
 *   <li><b>Services</b>: {@link #readyEndpoints(String)} are the pods a Service sends traffic to.</li>
 * </ul>
 * Logs: {@code <logDir>/<pod>.log}. Every process is stopped by {@link #close()}, or by a shutdown
 * hook when the test JVM ends first.
 */
public final class LocalKubernetes implements AutoCloseable {

    /** Container port name -> the variable that makes its listener bind the pod IP. */
    public static final Map<String, String> BIND_HOST_VARIABLES =
            Map.of("http", "QUARKUS_HTTP_HOST", "grpc", "QUARKUS_GRPC_SERVER_HOST", "tcp", "GATEWAY_TCP_HOST");

    private final Manifests manifests;
    private final Path logDir;
    private final double timeScale;
    private final Duration startupTimeout;
    private final ScheduledExecutorService scheduler;
    private final ClusterDns dns;
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> replicaNumbers = new ConcurrentHashMap<>();
    private final CleanupHook cleanup = CleanupHook.register("local-kubernetes-shutdown", this::stopAll);

    private LocalKubernetes(Manifests manifests, Path logDir, double timeScale, Duration startupTimeout) {
        this.manifests = manifests;
        this.logDir = logDir.toAbsolutePath();
        this.timeScale = timeScale;
        this.startupTimeout = startupTimeout;
        this.scheduler = Executors.newScheduledThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "kubelet");
            thread.setDaemon(true);
            return thread;
        });
        this.dns = new ClusterDns(manifests.services(),
                service -> readyEndpoint(service).map(pod -> new ClusterDns.Endpoint(pod.ip(), pod.container())));
    }

    /**
     * An empty cluster for {@code manifests}; pods log to {@code logDir}. Probe periods are the
     * manifests' times {@code timeScale}; a pod naming a Service waits up to {@code startupTimeout}
     * for it.
     */
    public static LocalKubernetes create(Manifests manifests, Path logDir, double timeScale, Duration startupTimeout) {
        return new LocalKubernetes(manifests, logDir, timeScale, startupTimeout);
    }

    public Manifests manifests() {
        return manifests;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * {@code kubectl apply}: {@code spec.replicas} pods of every Deployment, in apply order; returns
     * once all are ready, fails (stopping nothing) with the report of a pod that is not.
     */
    public List<Pod> applyDeployments() {
        Instant deadline = Instant.now().plus(startupTimeout);
        for (Deployment deployment : manifests.deployments()) {
            for (int i = 0; i < deployment.replicas(); i++) {
                startPod(deployment);
            }
        }
        pods.forEach(pod -> pod.awaitReady(Duration.between(Instant.now(), deadline)));
        return List.copyOf(pods);
    }

    /** One more replica of {@code deployment} ({@code kubectl scale --replicas=n+1}); not awaited. */
    public Pod startPod(Deployment deployment) {
        if (deployment.containers().size() != 1) {
            throw new UnsupportedOperationException(deployment + ": only one container per pod is run");
        }
        Container container = deployment.containers().get(0);
        String name = deployment.name() + "-"
                + replicaNumbers.computeIfAbsent(deployment.name(), n -> new AtomicInteger()).incrementAndGet();
        String ip = PodAddresses.next();
        Map<String, String> env = environment(deployment, container, new PodFields(ip, name,
                deployment.manifest().namespace()));
        Path tmp = logDir.resolve(name + "-tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp, e);
        }
        List<String> jvm = ContainerJvm.options(container, env, tmp);
        ServiceProcess process = ServiceProcess.startContained(name, appOf(container), jvm, env, ip,
                container.ports().get("http"), logDir);
        PodProbes probes = new PodProbes(name, ip, container, timeScale, scheduler);
        Pod pod = new Pod(name, deployment, container, ip, env, process, probes);
        pods.add(pod);
        probes.start();
        return pod;
    }

    /** The pods of {@code deployment} not deleted, in creation order. */
    public List<Pod> pods(Deployment deployment) {
        return pods.stream().filter(pod -> pod.deployment().equals(deployment) && !pod.isTerminating()).toList();
    }

    /** The pods the Service {@code name} sends traffic to now: ready, not terminating. */
    public List<Pod> readyEndpoints(String serviceName) {
        Service service = manifests.services().stream().filter(s -> s.name().equals(serviceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Service " + serviceName));
        return pods.stream().filter(pod -> selects(service, pod) && pod.isReady()).toList();
    }

    /** {@code kubectl delete pod}: see {@link Pod#delete}. */
    public CompletableFuture<Pod.Termination> delete(Pod pod) {
        return pod.delete(scheduler);
    }

    /** Why the kubelet would have restarted a container of any pod so far; empty if never. */
    public List<String> restartReasons() {
        return pods.stream().flatMap(pod -> pod.restartReasons().stream()).toList();
    }

    /** Every failed liveness probe of any pod (before its deletion), named by pod. */
    public List<String> livenessFailures() {
        return pods.stream().flatMap(pod -> pod.livenessFailures().stream().map(failure -> pod.name() + ": " + failure))
                .toList();
    }

    /** Every pod's probe results and log tail. */
    public String report() {
        return pods.stream().map(Pod::report).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        cleanup.runNow();
    }

    private Map<String, String> environment(Deployment deployment, Container container, PodFields fields) {
        Map<String, String> env = new LinkedHashMap<>();
        manifests.environment(deployment, container, fields).forEach((name, value) -> {
            dns.servicesIn(value).forEach(this::awaitEndpoint);
            env.put(name, dns.resolve(value));
        });
        container.ports().keySet().forEach(port -> {
            String variable = BIND_HOST_VARIABLES.get(port);
            if (variable == null) {
                throw new UnsupportedOperationException(container.name() + ": no variable binds port " + port
                        + " to the pod IP; add one to LocalKubernetes.BIND_HOST_VARIABLES");
            }
            if (env.containsKey(variable)) {
                throw new IllegalStateException(container.name() + " sets " + variable + " itself");
            }
            env.put(variable, fields.podIp());
        });
        return env;
    }

    private void awaitEndpoint(Service service) {
        try {
            await(service + " has a ready pod").atMost(startupTimeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> readyEndpoint(service).isPresent());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(service + " had no ready pod within " + startupTimeout + "\n" + report(),
                    e);
        }
    }

    private Optional<Pod> readyEndpoint(Service service) {
        return pods.stream().filter(pod -> selects(service, pod) && pod.isReady()).findFirst();
    }

    private static boolean selects(Service service, Pod pod) {
        return service.namespace().equals(pod.deployment().manifest().namespace())
                && service.selects(pod.deployment().podLabels());
    }

    /** {@code ghcr.io/gatewayworker/gateway:0.1.0-SNAPSHOT} -> {@link PackagedApp#GATEWAY}. */
    private static PackagedApp appOf(Container container) {
        String image = container.image();
        String repository = image.substring(image.lastIndexOf('/') + 1).split("[:@]")[0];
        return PackagedApp.valueOf(repository.toUpperCase(Locale.ROOT));
    }

    /** SIGTERM to every pod at once, then waits for each (SIGKILL after ServiceProcess' own grace). */
    private void stopAll() {
        pods.forEach(pod -> pod.process().requestStop());
        pods.forEach(pod -> pod.process().stop());
        scheduler.shutdownNow();
    }
}
