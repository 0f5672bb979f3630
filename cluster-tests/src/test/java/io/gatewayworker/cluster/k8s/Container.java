package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;

/** One container of a pod template: image, named ports, environment entries, probes, lifecycle. */
public record Container(JsonNode node) {

    public String name() {
        return node.path("name").asText();
    }

    public String image() {
        return node.path("image").asText();
    }

    /** {@code containerPort} by port name, in file order (unnamed ports are left out). */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (JsonNode port : node.path("ports")) {
            if (port.has("name")) {
                ports.put(port.path("name").asText(), port.path("containerPort").asInt());
            }
        }
        return ports;
    }

    /** A port as probes, Services and NetworkPolicies name it: a number, or the name of a container port. */
    public int port(JsonNode numberOrName) {
        if (numberOrName.isInt()) {
            return numberOrName.asInt();
        }
        Integer port = ports().get(numberOrName.asText());
        if (port == null) {
            throw new NoSuchElementException("container " + name() + " has no port named " + numberOrName);
        }
        return port;
    }

    /** The {@code env} entries as written ({@code name} plus {@code value} or {@code valueFrom}). */
    public List<JsonNode> env() {
        return StreamSupport.stream(node.path("env").spliterator(), false).toList();
    }

    public List<String> envNames() {
        return env().stream().map(e -> e.path("name").asText()).toList();
    }

    /** A plain {@code value} entry, empty when the variable is not set or comes from {@code valueFrom}. */
    public Optional<String> envValue(String name) {
        return env().stream().filter(e -> e.path("name").asText().equals(name) && e.has("value"))
                .map(e -> e.path("value").asText()).findFirst();
    }

    public Optional<Probe> probe(Probe.Kind kind) {
        JsonNode probe = node.path(kind.field());
        return probe.isObject() ? Optional.of(Probe.of(kind, probe, this)) : Optional.empty();
    }

    /** {@code lifecycle.preStop.sleep.seconds}, empty without a sleep action. */
    public OptionalInt preStopSleepSeconds() {
        JsonNode seconds = node.path("lifecycle").path("preStop").path("sleep").path("seconds");
        return seconds.isNumber() ? OptionalInt.of(seconds.asInt()) : OptionalInt.empty();
    }

    public JsonNode securityContext() {
        return node.path("securityContext");
    }

    /** {@code resources.<requests|limits>.<cpu|memory>}, as written. */
    public Optional<String> resource(String requestsOrLimits, String resource) {
        JsonNode value = node.path("resources").path(requestsOrLimits).path(resource);
        return value.isMissingNode() ? Optional.empty() : Optional.of(value.asText());
    }

    /** The name of the volume mounted at {@code path}, if any. */
    public Optional<String> volumeMountedAt(String path) {
        return StreamSupport.stream(node.path("volumeMounts").spliterator(), false)
                .filter(m -> m.path("mountPath").asText().equals(path))
                .map(m -> m.path("name").asText()).findFirst();
    }
}
