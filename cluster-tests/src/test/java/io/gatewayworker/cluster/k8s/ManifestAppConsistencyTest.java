package io.gatewayworker.cluster.k8s;

import io.gatewayworker.cluster.harness.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifests agree with each service's own configuration, read from its source tree
 * ({@code application.properties} for prod, its {@code @ConfigMapping} interfaces, its pom): the ports it
 * listens on, its health and metrics paths, the environment variables it reads and needs, the image
 * Jib builds for it.
 */
class ManifestAppConsistencyTest {

    private static final Manifests MANIFESTS = Manifests.project();
    private static final PodFields POD = new PodFields("10.1.2.3", "pod-0", ManifestWiringTest.NAMESPACE);
    private static final Map<String, ServiceConfiguration> CONFIGURATIONS = new ConcurrentHashMap<>();

    /** The ports each service listens on, by the name its container port has in the manifests. */
    private static final Map<String, Map<String, String>> LISTENING = Map.of(
            "register", Map.of("grpc", "quarkus.grpc.server.port", "http", "quarkus.http.port"),
            "gateway", Map.of("http", "quarkus.http.port", "tcp", "gateway.tcp.port",
                    "grpc", "quarkus.grpc.server.port"),
            "worker", Map.of("http", "quarkus.http.port"));
    /** Read by the image's entrypoint (run-java.sh of the UBI OpenJDK base image), not by the service. */
    private static final Set<String> IMAGE_ENV = Set.of("JAVA_OPTS_APPEND");
    /** Jib's default {@code quarkus.jib.jvm-arguments}, which it puts in the image's JAVA_OPTS_APPEND. */
    private static final String JIB_JVM_ARGUMENTS = "-Djava.util.logging.manager=org.jboss.logmanager.LogManager";

    /** A service as a Deployment runs it: its one container, its configuration, the container's environment. */
    record Deployed(Deployment deployment, Container container, ServiceConfiguration config, Map<String, String> env) {

        /** A property's value in this container's environment. */
        Optional<String> value(String property) {
            return config.value(property, env);
        }

        /** Where Quarkus serves /q/health and /q/metrics. */
        String nonApplicationRoot() {
            String root = value("quarkus.http.non-application-root-path").orElse("q");
            return root.startsWith("/") ? root : "/" + root;
        }

        @Override
        public String toString() {
            return deployment.toString();
        }
    }

    static Stream<Deployed> services() {
        return MANIFESTS.deployments().stream().map(ManifestAppConsistencyTest::deployed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void containerPortsAreThePortsTheServiceListensOnInProd(Deployed service) {
        Map<String, Integer> ports = service.container().ports();
        Map<String, String> listening = LISTENING.get(service.deployment().component());

        assertEquals(Set.copyOf(listening.keySet()), ports.keySet(),
                service + " declares exactly the ports " + service.config().module() + " listens on");
        listening.forEach((name, property) -> assertEquals(Optional.of(String.valueOf(ports.get(name))),
                service.value(property),
                service + " port " + name + " is " + service.config().module() + "'s " + property));
        if (listening.containsKey("grpc")) {
            assertEquals(Optional.of("true"), service.value("quarkus.grpc.server.use-separate-server"),
                    service.config().module() + " serves gRPC on its own port, not on the HTTP port");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void probesAreTheSmallRyeHealthChecksOnTheHttpPort(Deployed service) {
        assertNotEquals(Optional.of("true"), service.value("quarkus.management.enabled"),
                "health on a management port would need other probe ports");
        String health = service.nonApplicationRoot() + "/"
                + service.value("quarkus.smallrye-health.root-path").orElse("health");
        Map<Probe.Kind, String> checks = Map.of(
                Probe.Kind.STARTUP, service.value("quarkus.smallrye-health.startup-path").orElse("started"),
                Probe.Kind.LIVENESS, service.value("quarkus.smallrye-health.liveness-path").orElse("live"),
                Probe.Kind.READINESS, service.value("quarkus.smallrye-health.readiness-path").orElse("ready"));

        checks.forEach((kind, check) -> {
            Probe probe = service.container().probe(kind)
                    .orElseThrow(() -> new AssertionError(service + " has a " + kind.field()));
            assertEquals(health + "/" + check, probe.path(), service + " " + kind.field());
            assertEquals(service.container().ports().get("http"), probe.port(), kind.field() + " on the HTTP port");
            assertEquals("HTTP", probe.scheme());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void prometheusScrapesTheMetricsEndpoint(Deployed service) {
        Map<String, String> annotations = service.deployment().podAnnotations();
        String metrics = service.nonApplicationRoot() + "/"
                + service.value("quarkus.micrometer.export.prometheus.path").orElse("metrics");

        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(metrics, annotations.get("prometheus.io/path"));
        assertEquals(String.valueOf(service.container().ports().get("http")), annotations.get("prometheus.io/port"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void everyVariableTheManifestSetsIsReadBySomething(Deployed service) {
        List<String> unread = new ArrayList<>();
        for (String name : service.container().envNames()) {
            boolean read = service.config().reads(name)
                    || name.startsWith("QUARKUS_") // Quarkus' own configuration, by the same naming rule
                    || IMAGE_ENV.contains(name)
                    || referencedByAnother(service.container(), name);
            if (!read) {
                unread.add(name);
            }
        }
        assertEquals(List.of(), unread, service + " sets variables " + service.config().module() + " never reads");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void everyVariableTheServiceNeedsInProdIsSet(Deployed service) {
        Set<String> required = service.config().requiredEnv();
        assertTrue(required.contains("GW_SECRET_KEY"), service.config().module() + " needs the cluster secret in prod");
        assertTrue(service.env().keySet().containsAll(required), service + " sets " + required);
        if (service.deployment().component().equals("worker")) {
            // Required by a startup check while the push API is enabled, not by an expression.
            assertTrue(service.config().knownProperties().contains("worker.push.token"));
            assertTrue(service.env().containsKey("WORKER_PUSH_TOKEN"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theImageIsTheOneJibBuildsForTheService(Deployed service) {
        ServiceConfiguration config = service.config();
        Map<String, String> none = Map.of();
        String tag = config.value("quarkus.container-image.tag", none)
                .or(() -> config.value("quarkus.application.version", none))
                .orElse(config.projectVersion());
        String image = config.value("quarkus.container-image.registry", none).orElseThrow() + "/"
                + config.value("quarkus.container-image.group", none).orElseThrow() + "/"
                + config.value("quarkus.container-image.name", none).orElseThrow() + ":" + tag;

        assertEquals(image, service.container().image());
        assertEquals(tag, service.deployment().podLabels().get("app.kubernetes.io/version"));
        for (String onRequestOnly : List.of("quarkus.container-image.build", "quarkus.container-image.push")) {
            assertNotEquals(Optional.of("true"), config.value(onRequestOnly, none),
                    onRequestOnly + ": a normal build needs no registry");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theJvmKeepsJibsArgumentsAndIsSizedByTheMemoryLimit(Deployed service) {
        Optional<String> baseImage = service.config().declared("quarkus.jib.base-jvm-image");
        assertTrue(baseImage.isEmpty() || baseImage.get().contains("openjdk"),
                "the UBI OpenJDK runtime (user 185, run-java.sh reading JAVA_OPTS_APPEND), not " + baseImage);
        List<String> options = List.of(service.container().envValue("JAVA_OPTS_APPEND").orElseThrow().split("\\s+"));
        for (String argument : service.config().declared("quarkus.jib.jvm-arguments").orElse(JIB_JVM_ARGUMENTS)
                .split(",")) {
            assertTrue(options.contains(argument.trim()),
                    "JAVA_OPTS_APPEND replaces the image's, so it keeps " + argument);
        }
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage=")), options.toString());
        assertTrue(service.container().resource("limits", "memory").isPresent());
    }

    @Test
    void theConfigurationReaderSeesWhatTheServicesDeclare() {
        ServiceConfiguration worker = deployed(MANIFESTS.deploymentOf("worker")).config();
        assertEquals(Optional.of("10s"), worker.value("worker.drain-timeout", Map.of()), "a @WithDefault");
        assertEquals(Optional.of("3s"), worker.value("worker.drain-timeout", Map.of("WORKER_DRAIN_TIMEOUT", "3s")));
        assertTrue(worker.reads("WORKER_PUSH_TOKEN"), "worker.push.token of the second mapping");
        assertTrue(worker.reads("WORKER_LINK_BATCH_SIZE"), "a nested group");
        assertFalse(worker.reads("WORKER_DRAIN_TIMOUT"));

        ServiceConfiguration gateway = deployed(MANIFESTS.deploymentOf("gateway")).config();
        assertEquals(Optional.of("8282"), gateway.value("gateway.tcp.port", Map.of()), "a group in another class");
        assertEquals(Optional.of("127.0.0.1:2900"), gateway.value("gateway.advertise-address", Map.of()),
                "nested ${...} with defaults");
        assertEquals(Optional.of("127.0.0.1:2911"),
                gateway.value("gateway.advertise-address", Map.of("QUARKUS_GRPC_SERVER_PORT", "2911")));

        for (Deployment deployment : MANIFESTS.deploymentsOf("register")) {
            ServiceConfiguration register = deployed(deployment).config();
            assertTrue(register.reads("REGISTER_LEASE_DEFAULT"), "@WithName(\"default\")");
            assertFalse(register.reads("GW_REGISTER_ADDRESSES"), "the register joins no register");
        }
    }

    private static boolean referencedByAnother(Container container, String name) {
        return container.env().stream().anyMatch(e -> e.path("value").asText().contains("$(" + name + ")"));
    }

    private static Deployed deployed(Deployment deployment) {
        assertEquals(1, deployment.containers().size(), deployment + " runs one container");
        Container container = deployment.containers().get(0);
        ServiceConfiguration config = CONFIGURATIONS.computeIfAbsent(deployment.component(), component ->
                ServiceConfiguration.of(PackagedApp.projectRoot()
                        .resolve(PackagedApp.valueOf(component.toUpperCase(Locale.ROOT)).module())));
        return new Deployed(deployment, container, config, MANIFESTS.environment(deployment, container, POD));
    }
}
