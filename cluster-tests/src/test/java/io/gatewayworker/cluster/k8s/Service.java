package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** A Service manifest: the pods it selects, its ports, the DNS names cluster DNS gives it. */
public record Service(Manifest manifest) {

    /** Cluster DNS' default domain. */
    public static final String CLUSTER_DOMAIN = "cluster.local";

    public Service {
        if (!manifest.kind().equals("Service")) {
            throw new IllegalArgumentException(manifest + " is not a Service");
        }
    }

    public String name() {
        return manifest.name();
    }

    public String namespace() {
        return manifest.namespace();
    }

    /** {@code spec.selector}: the labels of the pods it sends traffic to. */
    public Map<String, String> selector() {
        return Manifest.stringMap(manifest.spec().path("selector"));
    }

    /** Whether it sends traffic to a pod with these labels. */
    public boolean selects(Map<String, String> podLabels) {
        return LabelSelectors.matches(selector(), podLabels);
    }

    /**
     * The names a pod of the Service's namespace resolves to it, longest first:
     * {@code <name>.<namespace>.svc.cluster.local}, {@code <name>.<namespace>.svc}, {@code <name>.<namespace>},
     * {@code <name>}.
     */
    public List<String> dnsNames() {
        String qualified = name() + "." + namespace();
        return List.of(qualified + ".svc." + CLUSTER_DOMAIN, qualified + ".svc", qualified, name());
    }

    /** The {@code targetPort} (a number or a container port's name) behind the Service's {@code port}, if it has it. */
    public Optional<JsonNode> targetPort(int port) {
        return StreamSupport.stream(manifest.spec().path("ports").spliterator(), false)
                .filter(p -> p.path("port").asInt() == port)
                .map(p -> p.has("targetPort") ? p.path("targetPort") : p.path("port"))
                .findFirst();
    }

    @Override
    public String toString() {
        return manifest.toString();
    }
}
