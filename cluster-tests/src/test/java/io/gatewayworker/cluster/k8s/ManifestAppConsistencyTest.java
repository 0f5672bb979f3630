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
    /**
     * Set by the manifests ahead of the service: the gateway's drain period comes with its graceful
     * shutdown, built on another branch. Accepted while the gateway has no {@code gateway.shutdown.*}
     * property at all; once it has, it must be exactly this one (then the entry can go).
     */
    private static final Map<String, String> PENDING = Map.of("GATEWAY_SHUTDOWN_DRAIN_PERIOD",
            "gateway.shutdown.drain-period");

    static Stream<Deployment> deployments() {
        return MANIFESTS.deployments().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void containerPortsAreThePortsTheServiceListensOnInProd(Deployment deployment) {
        Container container = onlyContainer(deployment);
        ServiceConfiguration config = configuration(deployment);
        Map<String, String> env = environment(deployment);
        Map<String, String> listening = LISTENING.get(deployment.component());

        assertEquals(Set.copyOf(listening.keySet()), container.ports().keySet(),
                deployment.manifest() + " declares exactly the ports " + config.module() + " listens on");
        listening.forEach((name, property) -> assertEquals(
                Optional.of(String.valueOf(container.ports().get(name))), config.value(property, env),
                deployment.manifest() + " port " + name + " is " + config.module() + "'s " + property));
        if (listening.containsKey("grpc")) {
            assertEquals(Optional.of("true"), config.value("quarkus.grpc.server.use-separate-server", env),
                    config.module() + " serves gRPC on its own port, not on the HTTP port");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void probesAreTheSmallRyeHealthChecksOnTheHttpPort(Deployment deployment) {
        Container container = onlyContainer(deployment);
        ServiceConfiguration config = configuration(deployment);
        Map<String, String> env = environment(deployment);
        assertNotEquals(Optional.of("true"), config.value("quarkus.management.enabled", env),
                "health on a management port would need other probe ports");
        String health = nonApplicationRoot(config, env) + "/"
                + config.value("quarkus.smallrye-health.root-path", env).orElse("health");
        Map<Probe.Kind, String> checks = Map.of(
                Probe.Kind.STARTUP, config.value("quarkus.smallrye-health.startup-path", env).orElse("started"),
                Probe.Kind.LIVENESS, config.value("quarkus.smallrye-health.liveness-path", env).orElse("live"),
                Probe.Kind.READINESS, config.value("quarkus.smallrye-health.readiness-path", env).orElse("ready"));

        checks.forEach((kind, check) -> {
            Probe probe = container.probe(kind)
                    .orElseThrow(() -> new AssertionError(deployment.manifest() + " has a " + kind.field()));
            assertEquals(health + "/" + check, probe.path(), deployment.manifest() + " " + kind.field());
            assertEquals(container.ports().get("http"), probe.port(), kind.field() + " on the HTTP port");
            assertEquals("HTTP", probe.scheme());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void prometheusScrapesTheMetricsEndpoint(Deployment deployment) {
        ServiceConfiguration config = configuration(deployment);
        Map<String, String> env = environment(deployment);
        Map<String, String> annotations = deployment.podAnnotations();
        String metrics = nonApplicationRoot(config, env) + "/"
                + config.value("quarkus.micrometer.export.prometheus.path", env).orElse("metrics");

        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(metrics, annotations.get("prometheus.io/path"));
        assertEquals(String.valueOf(onlyContainer(deployment).ports().get("http")), annotations.get("prometheus.io/port"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyVariableTheManifestSetsIsReadBySomething(Deployment deployment) {
        Container container = onlyContainer(deployment);
        ServiceConfiguration config = configuration(deployment);
        List<String> unread = new ArrayList<>();
        for (String name : container.envNames()) {
            boolean read = config.reads(name)
                    || name.startsWith("QUARKUS_") // Quarkus' own configuration, by the same naming rule
                    || IMAGE_ENV.contains(name)
                    || referencedByAnother(container, name)
                    || pending(config, name);
            if (!read) {
                unread.add(name);
            }
        }
        assertEquals(List.of(), unread, deployment.manifest() + " sets variables " + config.module() + " never reads");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyVariableTheServiceNeedsInProdIsSet(Deployment deployment) {
        ServiceConfiguration config = configuration(deployment);
        Set<String> required = config.requiredEnv();
        assertTrue(required.contains("GW_SECRET_KEY"), config.module() + " needs the cluster secret in prod");
        assertTrue(environment(deployment).keySet().containsAll(required),
                deployment.manifest() + " sets " + required);
        if (deployment.component().equals("worker")) {
            // Required by a startup check while the push API is enabled, not by an expression.
            assertTrue(config.knownProperties().contains("worker.push.token"));
            assertTrue(environment(deployment).containsKey("WORKER_PUSH_TOKEN"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theImageIsTheOneJibBuildsForTheService(Deployment deployment) {
        ServiceConfiguration config = configuration(deployment);
        Map<String, String> none = Map.of();
        String tag = config.value("quarkus.container-image.tag", none)
                .or(() -> config.value("quarkus.application.version", none))
                .orElse(config.projectVersion());
        String image = config.value("quarkus.container-image.registry", none).orElseThrow() + "/"
                + config.value("quarkus.container-image.group", none).orElseThrow() + "/"
                + config.value("quarkus.container-image.name", none).orElseThrow() + ":" + tag;

        assertEquals(image, onlyContainer(deployment).image());
        assertEquals(tag, deployment.podLabels().get("app.kubernetes.io/version"));
        for (String onRequestOnly : List.of("quarkus.container-image.build", "quarkus.container-image.push")) {
            assertNotEquals(Optional.of("true"), config.value(onRequestOnly, none),
                    onRequestOnly + ": a normal build needs no registry");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theJvmKeepsJibsArgumentsAndIsSizedByTheMemoryLimit(Deployment deployment) {
        ServiceConfiguration config = configuration(deployment);
        Optional<String> baseImage = config.declared("quarkus.jib.base-jvm-image");
        assertTrue(baseImage.isEmpty() || baseImage.get().contains("openjdk"),
                "the UBI OpenJDK runtime (user 185, run-java.sh reading JAVA_OPTS_APPEND), not " + baseImage);
        List<String> options = List.of(onlyContainer(deployment).envValue("JAVA_OPTS_APPEND").orElseThrow().split("\\s+"));
        for (String argument : config.declared("quarkus.jib.jvm-arguments").orElse(JIB_JVM_ARGUMENTS).split(",")) {
            assertTrue(options.contains(argument.trim()), "JAVA_OPTS_APPEND replaces the image's, so it keeps " + argument);
        }
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage=")), options.toString());
        assertTrue(onlyContainer(deployment).resource("limits", "memory").isPresent());
    }

    @Test
    void theConfigurationReaderSeesWhatTheServicesDeclare() {
        ServiceConfiguration worker = configuration(MANIFESTS.deploymentOf("worker"));
        assertEquals(Optional.of("10s"), worker.value("worker.drain-timeout", Map.of()), "a @WithDefault");
        assertEquals(Optional.of("3s"), worker.value("worker.drain-timeout", Map.of("WORKER_DRAIN_TIMEOUT", "3s")));
        assertTrue(worker.reads("WORKER_PUSH_TOKEN"), "worker.push.token of the second mapping");
        assertTrue(worker.reads("WORKER_LINK_BATCH_SIZE"), "a nested group");
        assertFalse(worker.reads("WORKER_DRAIN_TIMOUT"));

        ServiceConfiguration gateway = configuration(MANIFESTS.deploymentOf("gateway"));
        assertEquals(Optional.of("8282"), gateway.value("gateway.tcp.port", Map.of()), "a group in another class");
        assertEquals(Optional.of("127.0.0.1:2900"), gateway.value("gateway.advertise-address", Map.of()),
                "nested ${...} with defaults");
        assertEquals(Optional.of("127.0.0.1:2911"),
                gateway.value("gateway.advertise-address", Map.of("QUARKUS_GRPC_SERVER_PORT", "2911")));

        ServiceConfiguration register = configuration(MANIFESTS.deploymentOf("register"));
        assertTrue(register.reads("REGISTER_LEASE_DEFAULT"), "@WithName(\"default\")");
        assertFalse(register.reads("GW_REGISTER_ADDRESSES"), "the register joins no register");
    }

    private static boolean referencedByAnother(Container container, String name) {
        return container.env().stream().anyMatch(e -> e.path("value").asText().contains("$(" + name + ")"));
    }

    private static boolean pending(ServiceConfiguration config, String env) {
        String property = PENDING.get(env);
        if (property == null) {
            return false;
        }
        String group = property.substring(0, property.lastIndexOf('.') + 1);
        return config.knownProperties().stream().noneMatch(p -> p.startsWith(group));
    }

    private static String nonApplicationRoot(ServiceConfiguration config, Map<String, String> env) {
        String root = config.value("quarkus.http.non-application-root-path", env).orElse("q");
        return root.startsWith("/") ? root : "/" + root;
    }

    private static Container onlyContainer(Deployment deployment) {
        assertEquals(1, deployment.containers().size(), deployment.manifest() + " runs one container");
        return deployment.containers().get(0);
    }

    private static Map<String, String> environment(Deployment deployment) {
        return MANIFESTS.environment(deployment, onlyContainer(deployment), POD);
    }

    private static ServiceConfiguration configuration(Deployment deployment) {
        return CONFIGURATIONS.computeIfAbsent(deployment.component(), component -> ServiceConfiguration.of(
                PackagedApp.projectRoot().resolve(PackagedApp.valueOf(component.toUpperCase(Locale.ROOT)).module())));
    }
}
