package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strict Kubernetes v1.32.2 JSON schemas in {@code src/test/resources/k8s-schemas/} (a copy of
 * {@code shared/k8s-schemas}, see its README): unknown fields are errors. One schema per kind and
 * apiVersion; an object of a kind without one is refused, never waved through.
 */
final class KubernetesSchemas {

    static final String VERSION = "v1.32.2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /**
     * The schema file of a kind: {@code <kind>-<first segment of the API group>-<version>.json}, or
     * {@code <kind>-<version>.json} for the core group ({@code deployment-apps-v1.json}, {@code service-v1.json}).
     */
    static String fileName(String kind, String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String groupVersion = slash < 0 ? apiVersion
                : apiVersion.substring(0, slash).split("\\.")[0] + "-" + apiVersion.substring(slash + 1);
        return kind.toLowerCase(Locale.ROOT) + "-" + groupVersion + ".json";
    }

    /** The validation errors of one object, empty when it is valid; fails for a kind without a schema. */
    List<String> validate(JsonNode object) {
        JsonSchema schema = schemaFor(object.path("kind").asText(), object.path("apiVersion").asText());
        return schema.validate(object).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    JsonSchema schemaFor(String kind, String apiVersion) {
        return schemas.computeIfAbsent(fileName(kind, apiVersion), this::load);
    }

    private JsonSchema load(String file) {
        String resource = "/k8s-schemas/" + VERSION + "/" + file;
        try (InputStream in = KubernetesSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + resource + ": add the kind's schema for Kubernetes "
                        + VERSION + " to src/test/resources/k8s-schemas (and to shared/k8s-schemas)");
            }
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            // "$schema": "http://json-schema.org/schema#" names no draft the validator knows (it would try to
            // fetch it); these files are draft 4, which the factory applies.
            schema.remove("$schema");
            return factory.getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
