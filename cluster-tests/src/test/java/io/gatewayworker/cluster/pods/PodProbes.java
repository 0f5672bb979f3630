package io.gatewayworker.cluster.pods;

import io.gatewayworker.cluster.k8s.Container;
import io.gatewayworker.cluster.k8s.Probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A container's probes run as the kubelet runs them ({@code httpGet} against the pod IP, success is
 * a status from 200 to 399 within {@code timeoutSeconds}): the startup probe every period from
 * {@code initialDelaySeconds} until it succeeds, while the other two wait; then readiness and
 * liveness, each on its own period. Ready after {@code successThreshold} successes in a row, not
 * ready after {@code failureThreshold} failures in a row. A startup probe that fails
 * {@code failureThreshold} times, or a liveness probe that does, is where the kubelet would kill
 * the container and restart it: recorded as a {@link #restartReasons() restart reason} (the pod
 * is not restarted; tests assert there is none). Liveness failures of a pod being deleted count for
 * nothing, as in the kubelet.
 *
 * <p>Periods (and initial delays) are the manifest's times {@code timeScale}, to keep tests short;
 * a scaled startup probe gets proportionally more attempts, so a container still has the
 * manifest's whole startup budget ({@code periodSeconds x failureThreshold}) before it counts as
 * failed. Thresholds and timeouts are the manifest's.
 */
final class PodProbes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final int HISTORY = 200;

    private final String podName;
    private final String ip;
    private final Container container;
    private final double timeScale;
    private final ScheduledExecutorService scheduler;
    private final List<ProbeResult> history = new ArrayList<>();
    private final List<String> restartReasons = new ArrayList<>();
    private final List<ProbeResult> livenessFailures = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean ready;
    private volatile boolean deleting;
    private volatile boolean stopped;
    private volatile ProbeResult firstReadySuccess;

    PodProbes(String podName, String ip, Container container, double timeScale, ScheduledExecutorService scheduler) {
        this.podName = podName;
        this.ip = ip;
        this.container = container;
        this.timeScale = timeScale;
        this.scheduler = scheduler;
    }

    void start() {
        Optional<Probe> startup = container.probe(Probe.Kind.STARTUP);
        if (startup.isPresent()) {
            Probe probe = startup.get();
            int attempts = (int) Math.ceil(probe.failureThreshold() / timeScale);
            schedule(new Loop(probe, attempts), scaled(probe.initialDelaySeconds()));
        } else {
            onStarted();
        }
    }

    boolean isStarted() {
        return started;
    }

    boolean isReady() {
        return ready;
    }

    /** The readiness probe's first success: what the pod reported when it became ready. */
    Optional<ProbeResult> firstReadySuccess() {
        return Optional.ofNullable(firstReadySuccess);
    }

    /** Why the kubelet would have restarted the container so far (empty: never). */
    synchronized List<String> restartReasons() {
        return List.copyOf(restartReasons);
    }

    /** Every failed liveness probe of the pod before its deletion. */
    synchronized List<ProbeResult> livenessFailures() {
        return List.copyOf(livenessFailures);
    }

    /** The latest results, oldest first. */
    synchronized List<ProbeResult> history() {
        return List.copyOf(history);
    }

    synchronized List<ProbeResult> history(Probe.Kind kind) {
        return history.stream().filter(r -> r.kind() == kind).toList();
    }

    /** The pod is being deleted: readiness goes on (it may report not ready), liveness no longer matters. */
    void deleting() {
        deleting = true;
    }

    /** The container exited: no more probes. */
    void stop() {
        stopped = true;
        ready = false;
    }

    private void onStarted() {
        started = true;
        container.probe(Probe.Kind.READINESS).ifPresentOrElse(
                probe -> schedule(new Loop(probe, probe.failureThreshold()), scaled(probe.initialDelaySeconds())),
                () -> ready = true);
        container.probe(Probe.Kind.LIVENESS).ifPresent(
                probe -> schedule(new Loop(probe, probe.failureThreshold()), scaled(probe.initialDelaySeconds())));
    }

    /** One probe's worker: probes, counts, reschedules itself one period after the last start. */
    private final class Loop implements Runnable {
        private final Probe probe;
        private final int failureThreshold;
        private int successes;
        private int failures;

        Loop(Probe probe, int failureThreshold) {
            this.probe = probe;
            this.failureThreshold = failureThreshold;
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            long begin = System.nanoTime();
            ProbeResult result = probeOnce(probe);
            record(result);
            if (result.succeeded()) {
                successes++;
                failures = 0;
            } else {
                failures++;
                successes = 0;
            }
            if (!react(result)) {
                return;
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            schedule(this, Math.max(0, scaled(probe.periodSeconds()) - elapsed));
        }

        /** What the kubelet does with the result; false ends this probe. */
        private boolean react(ProbeResult result) {
            switch (probe.kind()) {
                case STARTUP -> {
                    if (successes >= 1) {
                        onStarted();
                        return false;
                    }
                    if (failures >= failureThreshold) {
                        restart("startup probe failed " + failures + " times, last: " + result);
                        return false;
                    }
                }
                case READINESS -> {
                    if (result.succeeded() && firstReadySuccess == null) {
                        firstReadySuccess = result;
                    }
                    if (successes >= probe.successThreshold()) {
                        ready = !stopped;
                    } else if (failures >= failureThreshold) {
                        ready = false;
                    }
                }
                case LIVENESS -> {
                    if (!result.succeeded() && !deleting) {
                        livenessFailed(result);
                    }
                    if (failures >= failureThreshold && !deleting) {
                        restart("liveness probe failed " + failures + " times, last: " + result);
                        failures = 0;
                    }
                }
            }
            return true;
        }
    }

    private ProbeResult probeOnce(Probe probe) {
        URI uri = URI.create(probe.url(ip));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(probe.timeoutSeconds()))
                .header("User-Agent", "kube-probe/1.32").GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new ProbeResult(probe.kind(), Instant.now(), response.statusCode(), response.body());
        } catch (IOException e) {
            return new ProbeResult(probe.kind(), Instant.now(), -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(probe.kind(), Instant.now(), -1, "interrupted");
        }
    }

    private synchronized void record(ProbeResult result) {
        history.add(result);
        if (history.size() > HISTORY) {
            history.remove(0);
        }
    }

    private synchronized void livenessFailed(ProbeResult result) {
        livenessFailures.add(result);
    }

    private synchronized void restart(String reason) {
        restartReasons.add(podName + ": " + reason);
    }

    private void schedule(Runnable loop, long delayMillis) {
        if (!stopped && !scheduler.isShutdown()) {
            scheduler.schedule(loop, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private long scaled(int seconds) {
        return Math.round(seconds * 1000 * timeScale);
    }
}
