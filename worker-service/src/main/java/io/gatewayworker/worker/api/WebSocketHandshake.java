package io.gatewayworker.worker.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP upgrade request of a WebSocket client, as its gateway saw it ({@link Events#onWebSocketConnect}).
 * Immutable.
 */
public final class WebSocketHandshake {

    private final String path;
    private final String query;
    private final Map<String, String> headers;
    private final String remoteAddress;
    private Map<String, List<String>> parameters;

    /**
     * @param headers names lower-cased, repeated headers joined with ", "
     */
    public WebSocketHandshake(String path, String query, Map<String, String> headers, String remoteAddress) {
        this.path = path;
        this.query = query == null ? "" : query;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.remoteAddress = remoteAddress;
    }

    /** Request path, e.g. {@code /ws}. */
    public String path() {
        return path;
    }

    /** Raw query string without '?', empty when there is none. */
    public String query() {
        return query;
    }

    /** Every header; names lower-cased, repeated headers joined with ", ". */
    public Map<String, String> headers() {
        return headers;
    }

    /** One header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The first value of a query parameter, URL-decoded ({@code ?token=a%20b} gives "a b"). */
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every query parameter with its values in order, URL-decoded. */
    public synchronized Map<String, List<String>> queryParameters() {
        if (parameters == null) {
            Map<String, List<String>> parsed = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parsed.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
            parsed.replaceAll((name, values) -> List.copyOf(values));
            parameters = Collections.unmodifiableMap(parsed);
        }
        return parameters;
    }

    /** The client's address, host:port, as the gateway saw it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // a stray '%': keep what the client sent
        }
    }

    @Override
    public String toString() {
        return "WebSocket handshake " + path + (query.isEmpty() ? "" : "?" + query) + " from " + remoteAddress;
    }
}
