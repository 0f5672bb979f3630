package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.StreamSupport;

/** A Deployment manifest and its pod template, with Kubernetes' defaults where a field is left out. */
public record Deployment(Manifest manifest) {

    public Deployment {
        if (!manifest.kind().equals("Deployment")) {
            throw new IllegalArgumentException(manifest + " is not a Deployment");
        }
    }

    public String name() {
        return manifest.name();
    }

    /** {@code spec.replicas}, 1 when not set. */
    public int replicas() {
        return manifest.spec().path("replicas").asInt(1);
    }

    /** The pods' {@code app.kubernetes.io/component} label: register, gateway or worker. */
    public String component() {
        return podLabels().get("app.kubernetes.io/component");
    }

    public Map<String, String> selector() {
        return LabelSelectors.matchLabels(manifest.spec().path("selector"));
    }

    public Map<String, String> podLabels() {
        return Manifest.stringMap(template().path("metadata").path("labels"));
    }

    public Map<String, String> podAnnotations() {
        return Manifest.stringMap(template().path("metadata").path("annotations"));
    }

    public JsonNode podSpec() {
        return template().path("spec");
    }

    /** {@code terminationGracePeriodSeconds}, 30 when not set. */
    public int terminationGracePeriodSeconds() {
        return podSpec().path("terminationGracePeriodSeconds").asInt(30);
    }

    public List<Container> containers() {
        return StreamSupport.stream(podSpec().path("containers").spliterator(), false).map(Container::new).toList();
    }

    public Container container(String name) {
        return containers().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(manifest + " has no container " + name));
    }

    /** The pod's volume of that name. */
    public JsonNode volume(String name) {
        return StreamSupport.stream(podSpec().path("volumes").spliterator(), false)
                .filter(v -> v.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(manifest + " has no volume " + name));
    }

    @Override
    public String toString() {
        return manifest.toString();
    }

    private JsonNode template() {
        return manifest.spec().path("template");
    }
}
