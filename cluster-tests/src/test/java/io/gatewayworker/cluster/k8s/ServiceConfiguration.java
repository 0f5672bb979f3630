package io.gatewayworker.cluster.k8s;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * A service's configuration in the prod profile, as its module's source declares it:
 * {@code src/main/resources/application.properties} (the default profile, {@code %prod} winning), the
 * properties of its {@code @ConfigMapping} interfaces with their defaults, and the project version.
 * {@link #value} resolves a property the way Quarkus does for an environment: its environment variable
 * by Quarkus' naming rule, else the file, else the mapping's default, with {@code ${...}} expanded.
 */
final class ServiceConfiguration {

    private final String module;
    private final Map<String, String> properties;
    private final Map<String, Optional<String>> mapped;
    private final String projectVersion;

    private ServiceConfiguration(String module, Map<String, String> properties, Map<String, Optional<String>> mapped,
            String projectVersion) {
        this.module = module;
        this.properties = properties;
        this.mapped = mapped;
        this.projectVersion = projectVersion;
    }

    /** Reads the module at {@code moduleDirectory} (e.g. {@code <root>/gateway-service}). */
    static ServiceConfiguration of(Path moduleDirectory) {
        return new ServiceConfiguration(moduleDirectory.getFileName().toString(),
                prodProperties(moduleDirectory.resolve("src/main/resources/application.properties")),
                ConfigMappingSource.properties(moduleDirectory.resolve("src/main/java")),
                projectVersion(moduleDirectory.resolve("pom.xml")));
    }

    String module() {
        return module;
    }

    /** The module's version ({@code quarkus.application.version} by default). */
    String projectVersion() {
        return projectVersion;
    }

    /** A property as application.properties sets it for prod, not expanded. */
    Optional<String> declared(String property) {
        return Optional.ofNullable(properties.get(property));
    }

    /** Every property the file sets for prod or a mapping declares. */
    Set<String> knownProperties() {
        Set<String> known = new LinkedHashSet<>(properties.keySet());
        known.addAll(mapped.keySet());
        return known;
    }

    /** A property's environment-variable form, by Quarkus' rule ({@code a.b-c} is {@code A_B_C}). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Whether an environment variable changes this service's configuration: the file reads it by name
     * ({@code ${NAME}}), or it is the environment form of a property the file or a mapping declares.
     */
    boolean reads(String env) {
        return references().containsKey(env) || knownProperties().stream().anyMatch(p -> envName(p).equals(env));
    }

    /** Names the prod properties' values reference, each with whether the reference gives a default. */
    Map<String, Boolean> references() {
        Map<String, Boolean> references = new LinkedHashMap<>();
        properties.values().forEach(value -> forEachReference(value,
                (name, fallback) -> references.merge(name, fallback != null, Boolean::logicalOr)));
        return references;
    }

    /**
     * The environment variables the prod configuration cannot do without: referenced by their own name
     * ({@code ${GW_SECRET_KEY}}), without a default, and set nowhere else.
     */
    Set<String> requiredEnv() {
        Set<String> required = new LinkedHashSet<>();
        references().forEach((name, hasDefault) -> {
            if (!hasDefault && name.equals(envName(name)) && !properties.containsKey(name)) {
                required.add(name);
            }
        });
        return required;
    }

    /** The value the service sees for {@code property} with this environment, expanded; empty when unset. */
    Optional<String> value(String property, Map<String, String> env) {
        return lookup(property, env, new ArrayDeque<>());
    }

    private Optional<String> lookup(String name, Map<String, String> env, Deque<String> resolving) {
        if (resolving.contains(name)) {
            throw new IllegalStateException("circular reference: " + resolving + " -> " + name);
        }
        String fromEnv = env.get(envName(name));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        Optional<String> raw = Optional.ofNullable(properties.get(name))
                .or(() -> mapped.getOrDefault(name, Optional.empty()));
        resolving.push(name);
        try {
            return raw.map(value -> expand(value, env, resolving));
        } finally {
            resolving.pop();
        }
    }

    private String expand(String value, Map<String, String> env, Deque<String> resolving) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("${", i)) {
                int end = closing(value, i);
                String[] reference = splitReference(value.substring(i + 2, end));
                String name = reference[0];
                String fallback = reference[1];
                out.append(lookup(name, env, resolving)
                        .or(() -> Optional.ofNullable(fallback).map(f -> expand(f, env, resolving)))
                        .orElseThrow(() -> new NoSuchElementException(module + ": ${" + name + "} has no value")));
                i = end + 1;
            } else {
                out.append(value.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Calls {@code action} with (name, default or null) for each {@code ${name:default}} in a value, nested too. */
    private static void forEachReference(String value, BiConsumer<String, String> action) {
        int start = value.indexOf("${");
        while (start >= 0) {
            int end = closing(value, start);
            String[] reference = splitReference(value.substring(start + 2, end));
            action.accept(reference[0], reference[1]);
            if (reference[1] != null) {
                forEachReference(reference[1], action);
            }
            start = value.indexOf("${", end + 1);
        }
    }

    /** The index of the {@code }} closing the {@code ${} at {@code start}. */
    private static int closing(String value, int start) {
        int depth = 0;
        for (int i = start; i < value.length(); i++) {
            if (value.startsWith("${", i)) {
                depth++;
                i++;
            } else if (value.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed ${ in " + value);
    }

    /** {@code name:default} split at its first top-level colon: [name, default or null]. */
    private static String[] splitReference(String reference) {
        int depth = 0;
        for (int i = 0; i < reference.length(); i++) {
            if (reference.startsWith("${", i)) {
                depth++;
                i++;
            } else if (reference.charAt(i) == '}') {
                depth--;
            } else if (reference.charAt(i) == ':' && depth == 0) {
                return new String[] {reference.substring(0, i), reference.substring(i + 1)};
            }
        }
        return new String[] {reference, null};
    }

    /** The default profile's properties with the {@code %prod} ones (also {@code %prod,dev.}) laid over them. */
    private static Map<String, String> prodProperties(Path file) {
        Properties all = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            all.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> prod = new LinkedHashMap<>();
        Map<String, String> prodOnly = new LinkedHashMap<>();
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                prod.put(key, all.getProperty(key));
            } else if (List.of(key.substring(1, key.indexOf('.')).split(",")).contains("prod")) {
                prodOnly.put(key.substring(key.indexOf('.') + 1), all.getProperty(key));
            }
        }
        prod.putAll(prodOnly);
        return prod;
    }

    /** {@code project/version}, else the parent's. */
    private static String projectVersion(Path pom) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            Element project = document.getDocumentElement();
            return childText(project, "version")
                    .or(() -> childElement(project, "parent").flatMap(parent -> childText(parent, "version")))
                    .orElseThrow(() -> new IllegalStateException(pom + " has no version"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static Optional<Element> childElement(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> childText(Element parent, String name) {
        return childElement(parent, name).map(e -> e.getTextContent().trim());
    }
}
