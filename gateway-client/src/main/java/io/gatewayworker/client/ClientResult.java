package io.gatewayworker.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The merged answer of every gateway to a cluster-wide query, and the gateways that did not answer
 * within the client's query timeout (unreachable, too slow, or the gateway refused the query). A
 * partial value is still a value: a count then counts only the clients of the gateways that answered.
 * Mirrors the worker API's {@code ClusterResult}.
 *
 * @param value   the merged answers
 * @param missing id of each gateway whose clients {@code value} does not include, with why
 */
public record ClientResult<T>(T value, Map<String, String> missing) {

    public ClientResult {
        Objects.requireNonNull(value, "value");
        missing = Map.copyOf(new LinkedHashMap<>(missing));
    }

    /** A complete answer: every gateway answered. */
    public static <T> ClientResult<T> complete(T value) {
        return new ClientResult<>(value, Map.of());
    }

    /** Ids of the gateways whose clients {@link #value()} does not include. */
    public Set<String> missingGateways() {
        return missing.keySet();
    }

    /** Whether some gateways did not answer ({@link #missingGateways()} names them). */
    public boolean partial() {
        return !missing.isEmpty();
    }

    /** Whether every gateway in the client's view answered: the opposite of {@link #partial()}. */
    public boolean isComplete() {
        return missing.isEmpty();
    }

    <R> ClientResult<R> map(java.util.function.Function<T, R> mapper) {
        return new ClientResult<>(mapper.apply(value), missing);
    }
}
