package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Kubernetes object: one YAML document of a file in {@code k8s/}. The node is shared by every
 * reader of {@link Manifests#project()}: treat it as read-only ({@code node().deepCopy()} to change it).
 *
 * @param file     the file it comes from
 * @param document its index among the file's documents, from 0
 * @param node     the object as parsed
 */
public record Manifest(Path file, int document, ObjectNode node) {

    public String kind() {
        return node.path("kind").asText();
    }

    public String apiVersion() {
        return node.path("apiVersion").asText();
    }

    public String name() {
        return node.path("metadata").path("name").asText();
    }

    /** {@code metadata.namespace}, empty when not set (and for cluster-scoped kinds). */
    public String namespace() {
        return node.path("metadata").path("namespace").asText();
    }

    public Map<String, String> labels() {
        return stringMap(node.path("metadata").path("labels"));
    }

    public JsonNode spec() {
        return node.path("spec");
    }

    /** A string-to-string object (labels, annotations, {@code matchLabels}, ConfigMap data) as a map in file order. */
    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    /** Where it is and what it is, e.g. {@code 30-gateway.yaml#1 Service/gw-gateway}. */
    @Override
    public String toString() {
        return file.getFileName() + "#" + document + " " + kind() + "/" + name();
    }
}
