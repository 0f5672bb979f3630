package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * An HTTP probe as the kubelet runs it, with Kubernetes' defaults for the fields left out.
 *
 * @param port the container port number (a named port resolved)
 */
public record Probe(Kind kind, String scheme, int port, String path, int initialDelaySeconds, int periodSeconds,
        int timeoutSeconds, int successThreshold, int failureThreshold) {

    /** The three probes and their field names in a container. */
    public enum Kind {
        STARTUP("startupProbe"),
        LIVENESS("livenessProbe"),
        READINESS("readinessProbe");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    static Probe of(Kind kind, JsonNode probe, Container container) {
        JsonNode http = probe.path("httpGet");
        if (!http.isObject()) {
            throw new UnsupportedOperationException(container.name() + " " + kind.field() + " is not an httpGet probe");
        }
        return new Probe(kind, http.path("scheme").asText("HTTP"), container.port(http.path("port")),
                http.path("path").asText("/"), probe.path("initialDelaySeconds").asInt(0),
                probe.path("periodSeconds").asInt(10), probe.path("timeoutSeconds").asInt(1),
                probe.path("successThreshold").asInt(1), probe.path("failureThreshold").asInt(3));
    }

    /** What the kubelet requests when the pod's IP is {@code host}: {@code http://10.0.0.7:8080/q/health/ready}. */
    public String url(String host) {
        return scheme.toLowerCase(Locale.ROOT) + "://" + host + ":" + port + path;
    }
}
