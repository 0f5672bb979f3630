package io.gatewayworker.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the services' {@code /status} documents, which name an id {@code "id"} (or, earlier, e.g. {@code "gatewayId"}). */
final class StatusFields {

    private StatusFields() {
    }

    /** {@code node.id}, else {@code node.<legacyName>}; fails when neither is there. */
    static String id(JsonNode node, String legacyName) {
        JsonNode id = node.hasNonNull("id") ? node.get("id") : node.get(legacyName);
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalStateException("no \"id\" or \"" + legacyName + "\" in " + node);
        }
        return id.asText();
    }
}
