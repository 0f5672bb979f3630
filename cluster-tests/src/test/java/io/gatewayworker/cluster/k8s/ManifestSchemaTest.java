package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every object in {@code k8s/} is valid against the strict Kubernetes v1.32.2 schema of its kind, as
 * {@code kubectl apply} would find it (no cluster needed); and the validation is really strict.
 */
class ManifestSchemaTest {

    private static final KubernetesSchemas SCHEMAS = new KubernetesSchemas();

    static Stream<Manifest> manifests() {
        return Manifests.project().all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void everyObjectIsValidAgainstTheSchemaOfItsKind(Manifest manifest) {
        assertEquals(List.of(), SCHEMAS.validate(manifest.node()), manifest + " is not a valid " + manifest.kind());
    }

    @Test
    void theSchemaIsPickedByKindAndApiVersion() {
        assertEquals("deployment-apps-v1.json", KubernetesSchemas.fileName("Deployment", "apps/v1"));
        assertEquals("service-v1.json", KubernetesSchemas.fileName("Service", "v1"));
        assertEquals("networkpolicy-networking-v1.json",
                KubernetesSchemas.fileName("NetworkPolicy", "networking.k8s.io/v1"));
        assertEquals("horizontalpodautoscaler-autoscaling-v2.json",
                KubernetesSchemas.fileName("HorizontalPodAutoscaler", "autoscaling/v2"));
    }

    @Test
    void aKindWithoutASchemaIsRefusedNotPassed() {
        ObjectNode cronJob = gatewayDeployment().put("kind", "CronJob").put("apiVersion", "batch/v1");
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> SCHEMAS.validate(cronJob));
        assertTrue(refused.getMessage().contains("cronjob-batch-v1.json"), refused.getMessage());

        ObjectNode oldApi = gatewayDeployment().put("apiVersion", "apps/v1beta2");
        assertThrows(IllegalArgumentException.class, () -> SCHEMAS.validate(oldApi));
    }

    @Test
    void anUnknownFieldIsAnError() {
        ObjectNode deployment = gatewayDeployment();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.put("imagePullPolicyy", "Always");
        ((ObjectNode) container.at("/readinessProbe/httpGet")).put("paht", "/q/health/ready");

        List<String> errors = SCHEMAS.validate(deployment);

        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("imagePullPolicyy")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("paht")), errors.toString());
    }

    @Test
    void aValueOfTheWrongTypeIsAnError() {
        ObjectNode deployment = gatewayDeployment();
        ((ObjectNode) deployment.at("/spec")).put("replicas", "two");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "8080");

        List<String> errors = SCHEMAS.validate(deployment);

        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().anyMatch(e -> e.contains("replicas") && e.contains("integer")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("containerPort") && e.contains("integer")),
                errors.toString());
    }

    @Test
    void aMissingRequiredFieldIsAnError() {
        ObjectNode deployment = gatewayDeployment();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).remove("name");

        List<String> errors = SCHEMAS.validate(deployment);

        assertTrue(errors.stream().anyMatch(e -> e.contains("name")), errors.toString());
    }

    /** A copy to spoil; the copy of the real one is valid, so every error above comes from the change. */
    private static ObjectNode gatewayDeployment() {
        ObjectNode copy = Manifests.project().get("Deployment", "gw-gateway").node().deepCopy();
        assertEquals(List.of(), SCHEMAS.validate(copy));
        return copy;
    }
}
