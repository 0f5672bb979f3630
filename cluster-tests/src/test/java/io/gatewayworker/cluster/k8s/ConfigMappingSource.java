package io.gatewayworker.cluster.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The properties a service's {@code @ConfigMapping} interfaces declare, read from their Java source
 * (these tests start no service and have none of its classes): the prefix plus each method's name in
 * kebab case or its {@code @WithName}, an interface-typed method as a group of nested properties
 * ({@code @WithParentName}: at the parent's level), each with its {@code @WithDefault}. Enough for
 * configuration interfaces written the way this project writes them; a property it cannot see makes the
 * tests fail, never pass.
 */
final class ConfigMappingSource {

    private static final Pattern TYPE = Pattern.compile("(?<![@\\w])(class|interface|enum|record)\\s+(\\w+)");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(([^)]*)\\)");
    private static final Pattern PREFIX = Pattern.compile("prefix\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)([\\w.<>?,\\s\\[\\]]+?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern ANNOTATION =
            Pattern.compile("@(\\w+)(?:\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\))?");

    /** A class, interface, enum or record: its qualified name within the file and its own members' text. */
    private record TypeDeclaration(String kind, String qualifiedName, String members) {
    }

    private final List<TypeDeclaration> types = new ArrayList<>();
    private final Map<String, Optional<String>> properties = new LinkedHashMap<>();

    private ConfigMappingSource() {
    }

    /** Every mapped property under {@code sourceRoot} (e.g. {@code src/main/java}) and its default, if it has one. */
    static Map<String, Optional<String>> properties(Path sourceRoot) {
        ConfigMappingSource source = new ConfigMappingSource();
        Map<String, String> roots = new LinkedHashMap<>();
        for (String code : javaSources(sourceRoot)) {
            source.types.addAll(declarations(code));
            Matcher mapping = MAPPING.matcher(code);
            while (mapping.find()) {
                Matcher prefix = PREFIX.matcher(mapping.group(1));
                Matcher type = TYPE.matcher(code);
                if (prefix.find() && type.find(mapping.end())) {
                    roots.put(type.group(2), prefix.group(1));
                }
            }
        }
        roots.forEach((type, prefix) -> source.addGroup(source.resolve(type, "").orElseThrow(), prefix));
        return source.properties;
    }

    private void addGroup(TypeDeclaration group, String prefix) {
        Matcher method = METHOD.matcher(group.members());
        while (method.find()) {
            List<String> typeTokens = List.of(withoutGenerics(method.group(2)).trim().split("\\s+"));
            if (typeTokens.contains("default") || typeTokens.contains("static") || typeTokens.contains("private")) {
                continue;
            }
            Map<String, String> annotations = annotations(method.group(1));
            String name = annotations.getOrDefault("WithName", kebab(method.group(3)));
            String property = annotations.containsKey("WithParentName") ? prefix : prefix + "." + name;
            Optional<TypeDeclaration> nested = resolve(typeTokens.get(typeTokens.size() - 1), group.qualifiedName())
                    .filter(t -> t.kind().equals("interface"));
            if (nested.isPresent()) {
                addGroup(nested.get(), property);
            } else {
                properties.put(property, Optional.ofNullable(annotations.get("WithDefault")));
            }
        }
    }

    /** A type named in a method of {@code from}: its nested type first, then the one type of that name. */
    private Optional<TypeDeclaration> resolve(String name, String from) {
        Optional<TypeDeclaration> nested = types.stream()
                .filter(t -> t.qualifiedName().equals(from + "." + name)).findFirst();
        if (nested.isPresent()) {
            return nested;
        }
        List<TypeDeclaration> named = types.stream()
                .filter(t -> t.qualifiedName().equals(name) || t.qualifiedName().endsWith("." + name)).toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }

    private static List<TypeDeclaration> declarations(String code) {
        record Span(String kind, String name, int start, int open, int close) {
        }
        List<Span> spans = new ArrayList<>();
        Matcher type = TYPE.matcher(code);
        while (type.find()) {
            int open = code.indexOf('{', type.end());
            spans.add(new Span(type.group(1), type.group(2), type.start(), open, closingBrace(code, open)));
        }
        List<TypeDeclaration> declarations = new ArrayList<>();
        for (Span span : spans) {
            StringBuilder qualified = new StringBuilder();
            spans.stream().filter(outer -> outer.open() < span.start() && span.start() < outer.close())
                    .forEach(outer -> qualified.append(outer.name()).append('.'));
            declarations.add(new TypeDeclaration(span.kind(), qualified + span.name(),
                    ownMembers(code.substring(span.open() + 1, span.close()))));
        }
        return declarations;
    }

    /** A type's body without the bodies nested in it (each replaced by {@code ;}, so no member spans one). */
    private static String ownMembers(String body) {
        StringBuilder own = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            if (body.charAt(i) == '{') {
                i = closingBrace(body, i) + 1;
                own.append(';');
            } else {
                i = copyToken(body, i, own);
            }
        }
        return own.toString();
    }

    /** The index of the brace closing the one at {@code open}, skipping string and char literals. */
    private static int closingBrace(String code, int open) {
        int depth = 0;
        int i = open;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = copyToken(code, i, new StringBuilder());
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /** Copies one character, or a whole string or char literal, to {@code out}; returns the index after it. */
    private static int copyToken(String code, int i, StringBuilder out) {
        char quote = code.charAt(i);
        if (quote != '"' && quote != '\'') {
            out.append(quote);
            return i + 1;
        }
        int end = i + 1;
        while (end < code.length() && code.charAt(end) != quote) {
            end += code.charAt(end) == '\\' ? 2 : 1;
        }
        out.append(code, i, Math.min(end + 1, code.length()));
        return end + 1;
    }

    /** The source without comments (string literals kept intact, so {@code "http://..."} survives). */
    private static String withoutComments(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        while (i < code.length()) {
            if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? code.length() : end;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 2;
                out.append(' ');
            } else {
                i = copyToken(code, i, out);
            }
        }
        return out.toString();
    }

    private static Map<String, String> annotations(String text) {
        Map<String, String> annotations = new LinkedHashMap<>();
        Matcher annotation = ANNOTATION.matcher(text);
        while (annotation.find()) {
            annotations.put(annotation.group(1), annotation.group(2) == null ? "" : annotation.group(2));
        }
        return annotations;
    }

    private static String withoutGenerics(String type) {
        String plain = type;
        String previous;
        do {
            previous = plain;
            plain = plain.replaceAll("<[^<>]*>", "");
        } while (!plain.equals(previous));
        return plain;
    }

    /** SmallRye's default naming: {@code maxInFlight} becomes {@code max-in-flight}. */
    private static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<String> javaSources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().map(f -> {
                try {
                    return withoutComments(Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f, e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + root, e);
        }
    }
}
