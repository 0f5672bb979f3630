package io.gatewayworker.cluster.k8s;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest reader on a small folder of its own: order, lookups, ports, probes, the kubelet's env rules. */
class ManifestsTest {

    @TempDir
    static Path folder;

    static Manifests manifests;

    @BeforeAll
    static void writeFolder() throws IOException {
        Files.writeString(folder.resolve("10-app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, namespace: ns}
                spec:
                  selector: {matchLabels: {app: a}}
                  template:
                    metadata: {labels: {app: a, app.kubernetes.io/component: thing}}
                    spec:
                      containers:
                        - name: main
                          image: example/app:1
                          ports: [{name: http, containerPort: 8080}, {containerPort: 9999}]
                          env:
                            - {name: PLAIN, value: plain}
                            - {name: FROM_DATA, valueFrom: {secretKeyRef: {name: s, key: encoded}}}
                            - {name: FROM_STRING_DATA, valueFrom: {secretKeyRef: {name: s, key: text}}}
                            - {name: FROM_CONFIG, valueFrom: {configMapKeyRef: {name: c, key: k}}}
                            - name: OPTIONAL_MISSING
                              valueFrom: {configMapKeyRef: {name: c, key: nope, optional: true}}
                            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                            - {name: ADDRESS, value: "$(POD_IP):2900"}
                            - {name: ESCAPED, value: "$$(POD_IP) costs $$5"}
                            - {name: EARLY, value: "$(LATE)/$(UNKNOWN)"}
                            - {name: LATE, value: late}
                            - {name: EMPTY}
                          readinessProbe: {httpGet: {path: /ready, port: http}, periodSeconds: 5}
                          livenessProbe: {httpGet: {path: /live, port: 8081}}
                          startupProbe: {tcpSocket: {port: http}}
                          lifecycle: {preStop: {sleep: {seconds: 7}}}
                        - name: bare
                          image: example/bare:1
                          env:
                            - {name: BROKEN, valueFrom: {secretKeyRef: {name: s, key: nope}}}
                """);
        Files.writeString(folder.resolve("00-first.yml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns}
                ---
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: ns}
                data: {encoded: c2VjcmV0}
                stringData: {text: hello}
                """);
        Files.writeString(folder.resolve("05-config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: ns}
                data: {k: v}
                """);
        Files.writeString(folder.resolve("README.md"), "not a manifest");
        manifests = Manifests.load(folder);
    }

    @Test
    void readsEveryDocumentOfEveryManifestFileInNameOrderSkippingEmptyOnes() {
        assertEquals(List.of("00-first.yml#0 Namespace/ns", "00-first.yml#1 Secret/s", "05-config.yaml#0 ConfigMap/c",
                "10-app.yaml#0 Deployment/app"), manifests.all().stream().map(Manifest::toString).toList());
        assertEquals("ns", manifests.get("Secret", "s").namespace());
        assertEquals(List.of("ConfigMap/c"),
                manifests.ofKind("ConfigMap").stream().map(m -> m.kind() + "/" + m.name()).toList());
    }

    @Test
    void anUnknownObjectIsAFailureThatListsWhatThereIs() {
        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> manifests.get("Service", "app"));
        assertTrue(missing.getMessage().contains("Deployment/app"), missing.getMessage());
    }

    @Test
    void deploymentsGiveTheirPodTemplateWithKubernetesDefaults() {
        Deployment app = manifests.deploymentOf("thing");
        assertEquals("app", app.name());
        assertEquals(1, app.replicas());
        assertEquals(30, app.terminationGracePeriodSeconds());
        assertEquals(Map.of("app", "a"), app.selector());
        assertEquals(List.of("main", "bare"), app.containers().stream().map(Container::name).toList());
        assertEquals(List.of(app), manifests.deploymentsSelectedBy("ns", Map.of("app", "a")));
        assertEquals(List.of(), manifests.deploymentsSelectedBy("other", Map.of("app", "a")));
    }

    @Test
    void portsAndProbesResolveNamedPorts() {
        Container main = manifests.deployment("app").container("main");
        assertEquals(Map.of("http", 8080), main.ports());

        Probe ready = main.probe(Probe.Kind.READINESS).orElseThrow();
        assertEquals("http://10.0.0.7:8080/ready", ready.url("10.0.0.7"));
        assertEquals(5, ready.periodSeconds());
        assertEquals(3, ready.failureThreshold());
        Probe live = main.probe(Probe.Kind.LIVENESS).orElseThrow();
        assertEquals(8081, live.port());
        assertEquals(10, live.periodSeconds());
        assertThrows(UnsupportedOperationException.class, () -> main.probe(Probe.Kind.STARTUP));
        assertEquals(OptionalInt.of(7), main.preStopSleepSeconds());
        assertFalse(manifests.deployment("app").container("bare").probe(Probe.Kind.READINESS).isPresent());
    }

    @Test
    void theEnvironmentIsResolvedAsTheKubeletDoes() {
        Deployment app = manifests.deployment("app");
        Map<String, String> env = manifests.environment(app, app.container("main"),
                new PodFields("127.0.0.5", "app-7d9f-x2", "ns"));

        assertEquals("plain", env.get("PLAIN"));
        assertEquals("secret", env.get("FROM_DATA"));
        assertEquals("hello", env.get("FROM_STRING_DATA"));
        assertEquals("v", env.get("FROM_CONFIG"));
        assertFalse(env.containsKey("OPTIONAL_MISSING"));
        assertEquals("127.0.0.5", env.get("POD_IP"));
        assertEquals("app-7d9f-x2", env.get("POD_NAME"));
        assertEquals("127.0.0.5:2900", env.get("ADDRESS"));
        assertEquals("$(POD_IP) costs $5", env.get("ESCAPED"));
        assertEquals("$(LATE)/$(UNKNOWN)", env.get("EARLY"), "only variables defined above are expanded");
        assertEquals("", env.get("EMPTY"));
    }

    @Test
    void aReplacedSecretIsWhatPodsReadAndTheLoadedOneStaysAsItWas() {
        Manifests replaced = manifests.withSecret("ns", "s", Map.of("text", "generated", "encoded", "new"));
        Deployment app = replaced.deployment("app");
        Map<String, String> env =
                replaced.environment(app, app.container("main"), new PodFields("127.0.0.5", "p", "ns"));

        assertEquals("generated", env.get("FROM_STRING_DATA"));
        assertEquals("new", env.get("FROM_DATA"));
        Manifests onlyText = manifests.withSecret("ns", "s", Map.of("text", "t"));
        assertEquals(Optional.empty(), onlyText.secretValue("ns", "s", "encoded"), "the old keys are gone");
        assertEquals(Optional.of("hello"), manifests.secretValue("ns", "s", "text"));
        assertEquals(manifests.all().size(), replaced.all().size());
        assertThrows(NoSuchElementException.class, () -> manifests.withSecret("ns", "nope", Map.of()));
    }

    @Test
    void aMissingSecretKeyFailsLikeAPodThatCannotStart() {
        Deployment app = manifests.deployment("app");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> manifests.environment(app, app.container("bare"), new PodFields("127.0.0.5", "p", "ns")));
        assertTrue(failure.getMessage().contains("BROKEN"), failure.getMessage());
    }
}
