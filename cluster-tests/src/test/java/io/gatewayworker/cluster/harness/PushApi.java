package io.gatewayworker.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A caller of one worker's HTTP push API ({@code /api/v1}) with a bearer token, as an application
 * outside the cluster would call it. Every call returns the {@link Reply} whatever its status;
 * {@link Reply#expect(int)} turns a wrong status into an {@link AssertionError} naming the call.
 */
public final class PushApi {

    /** Longer than any query timeout a worker of these tests uses, so a slow answer is an answer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkerNode worker;
    private final String token;

    private PushApi(WorkerNode worker, String token) {
        this.worker = worker;
        this.token = token;
    }

    /** The push API of {@code worker} with the cluster's token ({@link LocalCluster#PUSH_TOKEN}). */
    public static PushApi of(WorkerNode worker) {
        return new PushApi(worker, LocalCluster.PUSH_TOKEN);
    }

    /** The same worker's API called with another (e.g. a wrong) token. */
    public PushApi withToken(String otherToken) {
        return new PushApi(worker, otherToken);
    }

    /** A message body, {@code {"text": text}}; add {@code to} or {@code exclude} with {@link #withList}. */
    public static ObjectNode text(String text) {
        return JSON.createObjectNode().put("text", text);
    }

    /** {@code body} with {@code field} (e.g. {@code "to"}, {@code "exclude"}) set to a JSON array of {@code values}. */
    public static ObjectNode withList(ObjectNode body, String field, Collection<String> values) {
        ArrayNode list = body.putArray(field);
        values.forEach(list::add);
        return body;
    }

    public Reply get(String path) {
        return call("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    public Reply post(String path, JsonNode body) {
        return call("POST", path, HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** PUT without a body (join a group, bind a uid). */
    public Reply put(String path) {
        return call("PUT", path, HttpRequest.BodyPublishers.noBody());
    }

    public Reply put(String path, JsonNode body) {
        return call("PUT", path, HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    public Reply patch(String path, JsonNode body) {
        return call("PATCH", path, HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    public Reply delete(String path) {
        return call("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    /** {@code GET path} that must answer 200 with a query answer. */
    public Answer query(String path) {
        return get(path).expect(200).answer();
    }

    private Reply call(String method, String path, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(worker.process().uri(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body).build();
        String call = method + " " + path + " on " + worker.name();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(call, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(call + ": interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "push API of " + worker.name();
    }

    /** One call's answer. {@code call} names it (method, path, worker) in failure messages. */
    public record Reply(String call, int status, String body) {

        /** This reply when its status is {@code expected}; otherwise fails with the call and the body. */
        public Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError(call + " answered " + status + " instead of " + expected + ": " + body);
            }
            return this;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(call + " answered no JSON: " + body, e);
            }
        }

        /** The body as a query answer, {@code {"value", "partial", "missingGateways"}}. */
        public Answer answer() {
            JsonNode json = json();
            if (!json.has("value") || !json.path("partial").isBoolean() || !json.path("missingGateways").isArray()) {
                throw new AssertionError(call + " answered no query answer: " + body);
            }
            List<String> missing = new ArrayList<>();
            json.path("missingGateways").forEach(id -> missing.add(id.asText()));
            return new Answer(json.get("value"), json.path("partial").asBoolean(), List.copyOf(missing), body);
        }
    }

    /**
     * A query's answer.
     *
     * @param value           the merged value
     * @param partial         whether gateways did not answer in time
     * @param missingGateways ids of those gateways
     * @param body            the answer as received, for failure messages
     */
    public record Answer(JsonNode value, boolean partial, List<String> missingGateways, String body) {

        public long asLong() {
            if (!value.isIntegralNumber()) {
                throw new AssertionError("not a number: " + body);
            }
            return value.asLong();
        }

        public boolean asBoolean() {
            if (!value.isBoolean()) {
                throw new AssertionError("not a boolean: " + body);
            }
            return value.asBoolean();
        }

        /** The value, a JSON array of strings, as a set; fails on duplicates (each id or name is listed once). */
        public Set<String> asSet() {
            if (!value.isArray()) {
                throw new AssertionError("not a list: " + body);
            }
            Set<String> items = new LinkedHashSet<>();
            value.forEach(item -> {
                if (!items.add(item.asText())) {
                    throw new AssertionError(item + " is listed twice: " + body);
                }
            });
            return items;
        }

        /** Complete: every gateway answered. */
        public boolean complete() {
            return !partial && missingGateways.isEmpty();
        }

        @Override
        public String toString() {
            return body;
        }
    }
}
