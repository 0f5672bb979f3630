package io.gatewayworker.cluster.pods;

import io.gatewayworker.cluster.harness.ServiceProcess;
import io.gatewayworker.cluster.k8s.Container;
import io.gatewayworker.cluster.k8s.Deployment;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * One replica of a Deployment, run as a process of the packaged app on its own loopback address (its
 * pod IP), with its container's probes run by a {@link PodProbes}. {@link #delete} stops it the way
 * the kubelet stops a deleted pod.
 */
public final class Pod {

    /**
     * How a deleted pod ended, timed from the deletion.
     *
     * @param sigtermAfter when the container got SIGTERM (after its preStop hook)
     * @param exitAfter    when its process exited
     * @param killed       the grace period ran out and it got SIGKILL
     */
    public record Termination(Duration sigtermAfter, Duration exitAfter, int exitCode, boolean killed) {
    }

    private final String name;
    private final Deployment deployment;
    private final Container container;
    private final String ip;
    private final Map<String, String> environment;
    private final ServiceProcess process;
    private final PodProbes probes;
    private volatile CompletableFuture<Termination> termination;

    Pod(String name, Deployment deployment, Container container, String ip, Map<String, String> environment,
            ServiceProcess process, PodProbes probes) {
        this.name = name;
        this.deployment = deployment;
        this.container = container;
        this.ip = ip;
        this.environment = Map.copyOf(environment);
        this.process = process;
        this.probes = probes;
        process.onExit().thenRun(probes::stop);
    }

    /** {@code <deployment>-<n>}, e.g. {@code gw-gateway-3}. */
    public String name() {
        return name;
    }

    public Deployment deployment() {
        return deployment;
    }

    public Container container() {
        return container;
    }

    /** {@code status.podIP}. */
    public String ip() {
        return ip;
    }

    /** The container's port of that name ({@code http}, {@code grpc}, ...). */
    public int port(String portName) {
        Integer port = container.ports().get(portName);
        if (port == null) {
            throw new IllegalArgumentException(name + " has no port " + portName + ": " + container.ports());
        }
        return port;
    }

    /** The process' whole environment. */
    public Map<String, String> environment() {
        return environment;
    }

    public ServiceProcess process() {
        return process;
    }

    /** Started, ready by its readiness probe, running and not being deleted: a Service sends it traffic. */
    public boolean isReady() {
        return probes.isReady() && process.isAlive() && !isTerminating();
    }

    public boolean isTerminating() {
        return termination != null;
    }

    /** What the readiness probe got when it first succeeded. */
    public Optional<ProbeResult> firstReadySuccess() {
        return probes.firstReadySuccess();
    }

    /** Why the kubelet would have restarted this container (a failed startup or liveness probe); empty if never. */
    public List<String> restartReasons() {
        return probes.restartReasons();
    }

    /** Every liveness probe that failed before the pod's deletion. */
    public List<ProbeResult> livenessFailures() {
        return probes.livenessFailures();
    }

    /** Waits until ready; fails early, with the probes' results and log tail, if it exits or would be restarted. */
    public void awaitReady(Duration timeout) {
        try {
            await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive() || !probes.restartReasons().isEmpty()) {
                    throw new IllegalStateException(name + (process.isAlive() ? " would be restarted: "
                            + probes.restartReasons() : " exited before it was ready") + report());
                }
                return isReady();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + timeout + report(), e);
        }
    }

    /**
     * Deletes the pod as the kubelet does: at once it is terminating (no Service sends it new traffic,
     * its liveness no longer counts), then its {@code preStop} sleep, then SIGTERM
     * ({@link Process#destroy()}), and SIGKILL if it still runs when {@code terminationGracePeriodSeconds},
     * counted from the deletion, are over. Completes when the process has exited.
     */
    synchronized CompletableFuture<Termination> delete(ScheduledExecutorService scheduler) {
        if (termination != null) {
            return termination;
        }
        long deleted = System.nanoTime();
        probes.deleting();
        long preStopMillis = TimeUnit.SECONDS.toMillis(container.preStopSleepSeconds().orElse(0));
        long graceMillis = TimeUnit.SECONDS.toMillis(deployment.terminationGracePeriodSeconds());
        CompletableFuture<Long> sigterm = new CompletableFuture<>();
        AtomicBoolean killed = new AtomicBoolean();
        scheduler.schedule(() -> {
            sigterm.complete(System.nanoTime());
            process.requestStop();
        }, preStopMillis, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> {
            if (process.isAlive()) {
                killed.set(true);
                process.kill();
            }
        }, graceMillis, TimeUnit.MILLISECONDS);
        termination = process.onExit().thenCombine(sigterm, (exitCode, sigtermAt) -> new Termination(
                Duration.ofNanos(sigtermAt - deleted), Duration.ofNanos(System.nanoTime() - deleted), exitCode,
                killed.get()));
        return termination;
    }

    /** The probes' latest results and the log's tail, for failure messages. */
    public String report() {
        return "\nprobes of " + name + " (latest last):\n" + probes.history().stream()
                .skip(Math.max(0, probes.history().size() - 12)).map(ProbeResult::toString)
                .collect(Collectors.joining("\n")) + "\nlast lines of " + process.log() + ":\n" + process.logTail(40);
    }

    @Override
    public String toString() {
        return name + " " + ip + " (pid " + process.pid() + ")";
    }
}
