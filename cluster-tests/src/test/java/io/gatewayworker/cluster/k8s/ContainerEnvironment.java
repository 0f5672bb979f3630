package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A container's environment resolved as the kubelet does it: entries in order; {@code value} with
 * {@code $(VAR)} expanded from the entries above it ({@code $$} is a literal {@code $}, an unknown
 * reference stays as written); {@code secretKeyRef}, {@code configMapKeyRef} (a missing key fails
 * unless {@code optional: true}, which leaves the variable unset); {@code fieldRef} of
 * {@code status.podIP}, {@code metadata.name}, {@code metadata.namespace}. Anything else
 * ({@code envFrom}, {@code resourceFieldRef}, other fields) is refused rather than guessed.
 */
final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    static Map<String, String> resolve(Manifests manifests, String namespace, Container container, PodFields pod) {
        if (container.node().has("envFrom")) {
            throw new UnsupportedOperationException("envFrom is not resolved (container " + container.name() + ")");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : container.env()) {
            String name = entry.path("name").asText();
            if (entry.has("value")) {
                env.put(name, expand(entry.path("value").asText(), env));
            } else if (entry.has("valueFrom")) {
                valueFrom(manifests, namespace, name, entry.path("valueFrom"), pod).ifPresent(v -> env.put(name, v));
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    private static Optional<String> valueFrom(Manifests manifests, String namespace, String name, JsonNode from,
            PodFields pod) {
        if (from.has("secretKeyRef")) {
            JsonNode ref = from.path("secretKeyRef");
            return required(name, ref, "Secret", manifests.secretValue(namespace, ref.path("name").asText(),
                    ref.path("key").asText()));
        }
        if (from.has("configMapKeyRef")) {
            JsonNode ref = from.path("configMapKeyRef");
            return required(name, ref, "ConfigMap", manifests.configMapValue(namespace, ref.path("name").asText(),
                    ref.path("key").asText()));
        }
        if (from.has("fieldRef")) {
            String field = from.path("fieldRef").path("fieldPath").asText();
            return Optional.of(switch (field) {
                case "status.podIP" -> pod.podIp();
                case "metadata.name" -> pod.podName();
                case "metadata.namespace" -> pod.namespace();
                default -> throw new UnsupportedOperationException(name + ": fieldRef " + field + " is not resolved");
            });
        }
        throw new UnsupportedOperationException(name + ": valueFrom " + from + " is not resolved");
    }

    /** A key that is not there: the kubelet refuses to start the container unless the reference is optional. */
    private static Optional<String> required(String name, JsonNode ref, String kind, Optional<String> value) {
        if (value.isEmpty() && !ref.path("optional").asBoolean(false)) {
            throw new IllegalStateException(name + ": " + kind + " " + ref.path("name").asText() + " has no key "
                    + ref.path("key").asText());
        }
        return value;
    }

    /** Kubernetes' {@code $(VAR)} expansion against the variables defined so far. */
    static String expand(String value, Map<String, String> defined) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 == value.length()) {
                out.append(c);
                i++;
            } else if (value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (value.charAt(i + 1) == '(' && value.indexOf(')', i + 2) > 0) {
                int end = value.indexOf(')', i + 2);
                String reference = value.substring(i + 2, end);
                out.append(defined.getOrDefault(reference, value.substring(i, end + 1)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
