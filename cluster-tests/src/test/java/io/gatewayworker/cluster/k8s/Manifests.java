package io.gatewayworker.cluster.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatewayworker.cluster.harness.PackagedApp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Kubernetes objects of a manifest folder as {@code kubectl apply -f <folder>} sees them: every
 * {@code *.yaml} / {@code *.yml} file directly in it, in name order, every YAML document of each, parsed
 * once. Looks objects up by kind and name, gives the Deployments with their containers, reads Secret
 * and ConfigMap keys, and resolves a container's environment as the kubelet would
 * ({@link #environment(Deployment, Container, PodFields)}).
 */
public final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path directory;
    private final List<Manifest> documents;

    private Manifests(Path directory, List<Manifest> documents) {
        this.directory = directory;
        this.documents = List.copyOf(documents);
    }

    /** The project's {@code k8s/}, loaded once per JVM. */
    public static Manifests project() {
        return ProjectManifests.INSTANCE;
    }

    /** Reads every manifest file directly in {@code directory}; empty YAML documents are skipped. */
    public static Manifests load(Path directory) {
        List<Manifest> documents = new ArrayList<>();
        for (Path file : manifestFiles(directory)) {
            try (MappingIterator<JsonNode> parsed = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                int index = 0;
                while (parsed.hasNextValue()) {
                    JsonNode node = parsed.nextValue();
                    if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
                        continue;
                    }
                    if (!(node instanceof ObjectNode object)) {
                        throw new IllegalArgumentException(file + " document " + index + " is not an object: " + node);
                    }
                    documents.add(new Manifest(file, index++, object));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Manifests(directory, documents);
    }

    private static List<Path> manifestFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Every object, in apply order. */
    public List<Manifest> all() {
        return documents;
    }

    public List<Manifest> ofKind(String kind) {
        return documents.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    public Optional<Manifest> find(String kind, String name) {
        return documents.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** The object, or a failure that lists what there is. */
    public Manifest get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new NoSuchElementException("no " + kind + "/" + name + " in "
                + directory + "; there are " + documents.stream().map(m -> m.kind() + "/" + m.name())
                        .collect(Collectors.joining(", "))));
    }

    public List<Deployment> deployments() {
        return ofKind("Deployment").stream().map(Deployment::new).toList();
    }

    public Deployment deployment(String name) {
        return new Deployment(get("Deployment", name));
    }

    /** The Deployment whose pods carry {@code app.kubernetes.io/component: <component>}. */
    public Deployment deploymentOf(String component) {
        List<Deployment> matching = deploymentsOf(component);
        if (matching.size() != 1) {
            throw new NoSuchElementException(matching.size() + " Deployments of component " + component);
        }
        return matching.get(0);
    }

    /**
     * The Deployments whose pods carry {@code app.kubernetes.io/component: <component>}, in apply order
     * (the registers are several Deployments, each with its own Service).
     */
    public List<Deployment> deploymentsOf(String component) {
        return deployments().stream().filter(d -> component.equals(d.component())).toList();
    }

    /** The Deployments in {@code namespace} whose pods a label selector ({@code matchLabels}) picks. */
    public List<Deployment> deploymentsSelectedBy(String namespace, Map<String, String> matchLabels) {
        return deployments().stream()
                .filter(d -> d.manifest().namespace().equals(namespace))
                .filter(d -> LabelSelectors.matches(matchLabels, d.podLabels()))
                .toList();
    }

    public List<Service> services() {
        return ofKind("Service").stream().map(Service::new).toList();
    }

    /**
     * These manifests with the Secret {@code namespace/name} replaced by one holding {@code values}, as
     * {@code kubectl create secret generic --from-literal=... | kubectl apply -f -} replaces it; the
     * other objects are shared.
     */
    public Manifests withSecret(String namespace, String name, Map<String, String> values) {
        Manifest secret = namespaced("Secret", namespace, name)
                .orElseThrow(() -> new NoSuchElementException("no Secret " + namespace + "/" + name
                        + " in " + directory));
        ObjectNode replaced = secret.node().deepCopy();
        replaced.remove("data");
        ObjectNode stringData = replaced.putObject("stringData");
        values.forEach(stringData::put);
        List<Manifest> replacedDocuments = documents.stream()
                .map(m -> m == secret ? new Manifest(m.file(), m.document(), replaced) : m)
                .toList();
        return new Manifests(directory, replacedDocuments);
    }

    /** A Secret's key, decoded ({@code stringData} wins over {@code data}, as the API server merges them). */
    public Optional<String> secretValue(String namespace, String secret, String key) {
        return namespaced("Secret", namespace, secret).flatMap(s -> {
            JsonNode plain = s.node().path("stringData").path(key);
            if (plain.isTextual()) {
                return Optional.of(plain.asText());
            }
            JsonNode encoded = s.node().path("data").path(key);
            return encoded.isTextual()
                    ? Optional.of(new String(Base64.getDecoder().decode(encoded.asText()), StandardCharsets.UTF_8))
                    : Optional.empty();
        });
    }

    public Optional<String> configMapValue(String namespace, String configMap, String key) {
        return namespaced("ConfigMap", namespace, configMap)
                .map(c -> c.node().path("data").path(key))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    private Optional<Manifest> namespaced(String kind, String namespace, String name) {
        return ofKind(kind).stream()
                .filter(m -> m.name().equals(name) && m.namespace().equals(namespace))
                .findFirst();
    }

    /**
     * The environment of {@code container} in a pod of {@code deployment} whose downward-API fields are
     * {@code pod}: plain values, Secret and ConfigMap keys, {@code fieldRef}s, {@code $(VAR)} expanded.
     */
    public Map<String, String> environment(Deployment deployment, Container container, PodFields pod) {
        return ContainerEnvironment.resolve(this, deployment.manifest().namespace(), container, pod);
    }

    /** Holder: the project's manifests are parsed on first use only. */
    private static final class ProjectManifests {
        static final Manifests INSTANCE = load(PackagedApp.projectRoot().resolve("k8s"));
    }
}
