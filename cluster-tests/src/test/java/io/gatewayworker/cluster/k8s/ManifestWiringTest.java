package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The objects in {@code k8s/} fit each other: selectors pick the pods they mean, references name keys
 * that exist, every container is locked down and drained in time, the network policies admit exactly
 * what the design says. (What they must agree on with the applications: {@link ManifestAppConsistencyTest}.)
 */
class ManifestWiringTest {

    static final String NAMESPACE = "gatewayworker";
    static final String PART_OF = "app.kubernetes.io/part-of";
    private static final Manifests MANIFESTS = Manifests.project();
    private static final PodFields POD = new PodFields("10.1.2.3", "pod-0", NAMESPACE);
    /** Shutdown work after the preStop sleep; the grace period must cover their sum plus a margin. */
    private static final Set<String> SHUTDOWN_DURATIONS =
            Set.of("GATEWAY_SHUTDOWN_DRAIN_PERIOD", "GATEWAY_SHUTDOWN_CLOSE_TIMEOUT", "QUARKUS_SHUTDOWN_TIMEOUT",
                    "WORKER_DRAIN_TIMEOUT");
    private static final Duration GRACE_MARGIN = Duration.ofSeconds(5);
    /** {@code <service>.<namespace>.svc.cluster.local:<port>} */
    private static final Pattern SERVICE_ADDRESS =
            Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local:(\\d+)");
    /** An ingress rule's {@code from} that admits every pod of every namespace. */
    private static final String ANY_NAMESPACE = "[{\"namespaceSelector\":{}}]";

    static Stream<Deployment> deployments() {
        return MANIFESTS.deployments().stream();
    }

    @Test
    void theFolderHoldsTheWholeSystemInItsNamespace() {
        Manifest first = MANIFESTS.all().get(0);
        assertEquals("Namespace/" + NAMESPACE, first.kind() + "/" + first.name(), "the namespace is applied first");
        for (Manifest manifest : MANIFESTS.all().subList(1, MANIFESTS.all().size())) {
            assertEquals(NAMESPACE, manifest.namespace(), manifest + " names its namespace");
        }
        for (Manifest manifest : MANIFESTS.all()) {
            assertEquals("gatewayworker", manifest.labels().get(PART_OF), manifest + " label " + PART_OF);
        }
        assertEquals(Set.of("register", "gateway", "worker"),
                Set.copyOf(MANIFESTS.deployments().stream().map(Deployment::component).toList()));
        assertTrue(MANIFESTS.find("Secret", "gatewayworker-secrets").isPresent());
        assertTrue(MANIFESTS.find("ConfigMap", "gatewayworker-config").isPresent());
        assertFalse(MANIFESTS.directory().resolve("kustomization.yaml").toFile().exists(),
                "kubectl apply -f k8s must not meet a kustomization");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void podTemplatesCarryTheStandardLabelsAndTheirSelector(Deployment deployment) {
        Map<String, String> labels = deployment.podLabels();
        for (String label : List.of("app.kubernetes.io/name", PART_OF, "app.kubernetes.io/component",
                "app.kubernetes.io/version")) {
            assertTrue(labels.containsKey(label), deployment.manifest() + " pod label " + label);
        }
        assertFalse(deployment.selector().isEmpty());
        assertTrue(LabelSelectors.matches(deployment.selector(), labels), deployment.manifest() + " selects its pods");
        assertFalse(deployment.selector().containsKey("app.kubernetes.io/version"),
                "a Deployment's selector cannot change: the version label must stay out of it");
        assertEquals(List.of(deployment), MANIFESTS.deploymentsSelectedBy(NAMESPACE, deployment.selector()),
                "a Deployment's selector picks its own pods only");
    }

    @Test
    void servicesPickOneDeploymentAndTargetItsNamedPorts() {
        for (Manifest service : MANIFESTS.ofKind("Service")) {
            Deployment target = onlyDeploymentSelectedBy(service, service.spec().path("selector"));
            Container container = target.containers().get(0);
            for (JsonNode port : service.spec().path("ports")) {
                assertTrue(port.path("targetPort").isTextual(), service + " targets a named port");
                assertEquals(port.path("port").asInt(), container.port(port.path("targetPort")),
                        service + " exposes " + port.path("name").asText() + " on the container's own number");
            }
        }
    }

    @Test
    void clientsReachTheGatewaysThroughALoadBalancerWithoutTheInternalGrpcPort() {
        Manifest clients = MANIFESTS.get("Service", "gw-gateway");
        assertEquals("LoadBalancer", clients.spec().path("type").asText());
        List<String> targets = new ArrayList<>();
        clients.spec().path("ports").forEach(p -> targets.add(p.path("targetPort").asText()));
        assertEquals(List.of("http", "tcp"), targets);
        for (Manifest service : MANIFESTS.ofKind("Service")) {
            if (!service.spec().path("type").asText("ClusterIP").equals("ClusterIP")) {
                assertEquals(clients, service, "only the clients' Service leaves the cluster");
            }
        }
    }

    @Test
    void gatewaysAndWorkersScaleAndAreProtectedFromEvictionAsAGroup() {
        for (String component : List.of("gateway", "worker")) {
            Deployment deployment = MANIFESTS.deploymentOf(component);
            Manifest hpa = onlyOneTargeting("HorizontalPodAutoscaler", deployment);
            assertEquals(deployment.replicas(), hpa.spec().path("minReplicas").asInt(),
                    "the Deployment starts at the HPA's minimum");
            assertTrue(hpa.spec().path("maxReplicas").asInt() > deployment.replicas());
            JsonNode metric = hpa.spec().path("metrics").get(0).path("resource");
            assertEquals("cpu", metric.path("name").asText());
            deployment.containers().forEach(c -> assertTrue(c.resource("requests", "cpu").isPresent(),
                    "CPU utilization is measured against the CPU request"));

            Manifest pdb = MANIFESTS.ofKind("PodDisruptionBudget").stream()
                    .filter(p -> onlyDeploymentSelectedBy(p, p.spec().path("selector").path("matchLabels"))
                            .equals(deployment))
                    .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget for " + component));
            assertEquals(1, pdb.spec().path("maxUnavailable").asInt(), pdb + " lets one pod go at a time");
        }
    }

    @Test
    void severalRegistersRunEachOneReplicaBehindItsOwnService() {
        List<Deployment> registers = MANIFESTS.deploymentsOf("register");
        assertTrue(registers.size() >= 2, "register HA: more than one register");
        for (Deployment register : registers) {
            assertEquals(1, register.replicas(),
                    register + ": one pod per address (replicas behind one Service would split the members)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everySecretAndConfigMapReferenceNamesAKeyThatExists(Deployment deployment) {
        for (Container container : deployment.containers()) {
            Map<String, String> env = MANIFESTS.environment(deployment, container, POD);
            assertEquals(container.envNames(), List.copyOf(env.keySet()),
                    "every variable of " + container.name() + " gets a value");
        }
    }

    @Test
    void everySharedKeyIsUsedAndTheSecretsAreOnlyPlaceholders() {
        Set<String> referenced = new HashSet<>();
        for (Deployment deployment : MANIFESTS.deployments()) {
            for (Container container : deployment.containers()) {
                for (JsonNode entry : container.env()) {
                    JsonNode from = entry.path("valueFrom");
                    for (String ref : List.of("secretKeyRef", "configMapKeyRef")) {
                        if (from.has(ref)) {
                            JsonNode key = from.path(ref);
                            referenced.add(key.path("name").asText() + "/" + key.path("key").asText());
                        }
                    }
                }
            }
        }
        Set<String> defined = new HashSet<>();
        for (Manifest secret : MANIFESTS.ofKind("Secret")) {
            assertFalse(secret.node().has("data"), "checked-in secrets are readable placeholders (stringData)");
            Manifest.stringMap(secret.node().path("stringData")).forEach((key, value) -> {
                assertTrue(value.startsWith("CHANGE-ME"), secret + " " + key + " must be a CHANGE-ME placeholder");
                defined.add(secret.name() + "/" + key);
            });
        }
        MANIFESTS.ofKind("ConfigMap").forEach(c -> Manifest.stringMap(c.node().path("data")).keySet()
                .forEach(key -> defined.add(c.name() + "/" + key)));
        assertEquals(defined, referenced, "every Secret and ConfigMap key is used, and only those are referenced");
    }

    @Test
    void theRegisterAddressesAreEachRegistersServiceAndGrpcPort() {
        String addresses = MANIFESTS.configMapValue(NAMESPACE, "gatewayworker-config", "GW_REGISTER_ADDRESSES")
                .orElseThrow();
        List<Deployment> addressed = new ArrayList<>();
        for (String address : addresses.split(",")) {
            Matcher dns = SERVICE_ADDRESS.matcher(address);
            assertTrue(dns.matches(), address + " is a Service's cluster DNS name and a port");
            assertEquals(NAMESPACE, dns.group(2));
            Manifest service = MANIFESTS.get("Service", dns.group(1));
            Deployment register = onlyDeploymentSelectedBy(service, service.spec().path("selector"));
            assertEquals("register", register.component(), address + " leads to a register");
            JsonNode port = findPort(service, Integer.parseInt(dns.group(3)));
            assertEquals(register.containers().get(0).ports().get("grpc"),
                    register.containers().get(0).port(port.path("targetPort")),
                    address + " reaches the register's gRPC port");
            addressed.add(register);
        }
        assertEquals(MANIFESTS.deploymentsOf("register"), addressed,
                "members join every register, each once (in apply order)");
    }

    @Test
    void aGatewayAdvertisesItsPodIpAndItsGrpcPort() {
        Deployment gateway = MANIFESTS.deploymentOf("gateway");
        Container container = gateway.containers().get(0);
        Map<String, String> env = MANIFESTS.environment(gateway, container, POD);
        assertEquals(POD.podIp() + ":" + container.ports().get("grpc"), env.get("GATEWAY_ADVERTISE_ADDRESS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyContainerIsLockedDownAndBounded(Deployment deployment) {
        assertFalse(deployment.podSpec().path("automountServiceAccountToken").asBoolean(true),
                "the services never call the Kubernetes API");
        assertFalse(deployment.podSpec().path("enableServiceLinks").asBoolean(true),
                "no docker-link variables (GW_REGISTER_PORT=tcp://...) in the services' environment");
        for (Container container : deployment.containers()) {
            JsonNode security = container.securityContext();
            String where = deployment.manifest() + " " + container.name();
            assertTrue(security.path("runAsNonRoot").asBoolean(), where + " runAsNonRoot");
            assertEquals(185, security.path("runAsUser").asInt(), where + " runs as the UBI OpenJDK image's user");
            assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), where + " readOnlyRootFilesystem");
            assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), where + " allowPrivilegeEscalation");
            assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), where + " drops ALL");
            assertEquals("RuntimeDefault", security.path("seccompProfile").path("type").asText(), where + " seccomp");

            String tmp = container.volumeMountedAt("/tmp")
                    .orElseThrow(() -> new AssertionError(where + " mounts /tmp"));
            assertTrue(deployment.volume(tmp).has("emptyDir"), where + " /tmp is an emptyDir");

            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertTrue(container.resource(bound, resource).isPresent(), where + " " + bound + "." + resource);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theGracePeriodCoversPreStopDrainAndAMargin(Deployment deployment) {
        for (Container container : deployment.containers()) {
            int preStop = container.preStopSleepSeconds()
                    .orElseThrow(() -> new AssertionError(container.name() + " has a preStop sleep"));
            assertTrue(preStop > 0);
            Duration shutdown = Duration.ofSeconds(preStop);
            for (String name : SHUTDOWN_DURATIONS) {
                shutdown = shutdown.plus(
                        container.envValue(name).map(ManifestWiringTest::duration).orElse(Duration.ZERO));
            }
            Duration grace = Duration.ofSeconds(deployment.terminationGracePeriodSeconds());
            assertTrue(grace.compareTo(shutdown.plus(GRACE_MARGIN)) >= 0, deployment.manifest() + ": grace " + grace
                    + " < preStop + drain " + shutdown + " + margin " + GRACE_MARGIN);
        }
    }

    @Test
    void quarkusDurationsAreReadAsQuarkusReadsThem() {
        assertEquals(Duration.ofSeconds(10), duration("10s"));
        assertEquals(Duration.ofMillis(500), duration("500ms"));
        assertEquals(Duration.ofMinutes(2), duration("2m"));
        assertEquals(Duration.ofSeconds(15), duration("15"));
        assertEquals(Duration.ofSeconds(20), duration("PT20S"));
    }

    @Test
    void everythingNotAdmittedIsRefused() {
        List<Manifest> denyAll = MANIFESTS.ofKind("NetworkPolicy").stream()
                .filter(p -> p.spec().path("podSelector").isEmpty()).toList();
        assertEquals(1, denyAll.size(), "one policy selects every pod of the namespace");
        assertEquals("[\"Ingress\"]", denyAll.get(0).spec().path("policyTypes").toString());
        assertFalse(denyAll.get(0).spec().has("ingress"), "and admits nothing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void networkPoliciesAdmitClientsToClientPortsAndOnlyThisSystemToGrpc(Deployment deployment) {
        Container container = deployment.containers().get(0);
        for (Map.Entry<String, Integer> port : container.ports().entrySet()) {
            List<JsonNode> admitting = rulesAdmitting(deployment, port.getValue());
            String where = deployment.name() + " port " + port.getKey() + " " + port.getValue();
            assertFalse(admitting.isEmpty(), where + " is admitted by some rule");
            for (JsonNode rule : admitting) {
                JsonNode from = rule.path("from");
                switch (port.getKey()) {
                    case "grpc" -> {
                        assertEquals(1, from.size(), where + ": pods of this system only");
                        assertEquals(Map.of(PART_OF, "gatewayworker"),
                                LabelSelectors.matchLabels(from.get(0).path("podSelector")), where);
                        assertFalse(from.get(0).has("namespaceSelector") || from.get(0).has("ipBlock"), where);
                    }
                    case "tcp" -> assertTrue(from.isMissingNode(), where + " is open to every client");
                    case "http" -> assertTrue(from.isMissingNode() || from.toString().equals(ANY_NAMESPACE),
                            where + " is reachable from any namespace (Prometheus)");
                    default -> throw new AssertionError(where + ": no rule for this port in this test");
                }
            }
        }
        if (deployment.component().equals("gateway")) {
            assertTrue(rulesAdmitting(deployment, container.ports().get("http")).stream().anyMatch(r -> !r.has("from")),
                    "the gateway's HTTP/WebSocket port is open to every client");
        }
    }

    /** The ingress rules of the policies selecting this Deployment's pods that admit {@code port}. */
    private static List<JsonNode> rulesAdmitting(Deployment deployment, int port) {
        List<JsonNode> rules = new ArrayList<>();
        for (Manifest policy : MANIFESTS.ofKind("NetworkPolicy")) {
            if (!LabelSelectors.matches(LabelSelectors.matchLabels(policy.spec().path("podSelector")),
                    deployment.podLabels())) {
                continue;
            }
            for (JsonNode rule : policy.spec().path("ingress")) {
                for (JsonNode admitted : rule.path("ports")) {
                    assertNotEquals("UDP", admitted.path("protocol").asText());
                    if (deployment.containers().get(0).port(admitted.path("port")) == port) {
                        rules.add(rule);
                    }
                }
            }
        }
        return rules;
    }

    private static Deployment onlyDeploymentSelectedBy(Manifest owner, JsonNode matchLabels) {
        List<Deployment> selected = MANIFESTS.deploymentsSelectedBy(owner.namespace(), Manifest.stringMap(matchLabels));
        assertEquals(1, selected.size(), owner + " selects the pods of exactly one Deployment");
        return selected.get(0);
    }

    private static Manifest onlyOneTargeting(String kind, Deployment deployment) {
        List<Manifest> targeting = MANIFESTS.ofKind(kind).stream()
                .filter(m -> m.spec().path("scaleTargetRef").path("kind").asText().equals("Deployment"))
                .filter(m -> m.spec().path("scaleTargetRef").path("name").asText().equals(deployment.name()))
                .toList();
        assertEquals(1, targeting.size(), "one " + kind + " for " + deployment.manifest());
        return targeting.get(0);
    }

    private static JsonNode findPort(Manifest service, int port) {
        for (JsonNode candidate : service.spec().path("ports")) {
            if (candidate.path("port").asInt() == port) {
                return candidate;
            }
        }
        throw new AssertionError(service + " has no port " + port);
    }

    /** A duration as Quarkus reads one: ISO-8601, or a number with ms, s, m, h or d, or plain seconds. */
    static Duration duration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
