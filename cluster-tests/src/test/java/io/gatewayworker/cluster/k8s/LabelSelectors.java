package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Label selectors as Kubernetes evaluates them; only {@code matchLabels} (the manifests use nothing else). */
final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Every selector label is on the object with the same value (an empty selector picks everything). */
    static boolean matches(Map<String, String> matchLabels, Map<String, String> labels) {
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** A {@code LabelSelector}'s {@code matchLabels}; refuses {@code matchExpressions} (not evaluated here). */
    static Map<String, String> matchLabels(JsonNode selector) {
        if (selector.has("matchExpressions")) {
            throw new UnsupportedOperationException("matchExpressions are not evaluated: " + selector);
        }
        return Manifest.stringMap(selector.path("matchLabels"));
    }
}
