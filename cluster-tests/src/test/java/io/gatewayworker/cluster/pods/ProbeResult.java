package io.gatewayworker.cluster.pods;

import io.gatewayworker.cluster.k8s.Probe;

import java.time.Instant;

/**
 * One probe of a pod, as the kubelet judged it.
 *
 * @param status the HTTP status, or -1 when there was no answer ({@code body} then says why)
 */
public record ProbeResult(Probe.Kind kind, Instant at, int status, String body) {

    /** The kubelet's rule for {@code httpGet}: a status from 200 to 399. */
    public boolean succeeded() {
        return status >= 200 && status < 400;
    }

    @Override
    public String toString() {
        return at + " " + kind + " " + (status < 0 ? body : status + " " + body.replaceAll("\\s+", " "));
    }
}
