package io.gatewayworker.worker.api;

import java.util.Objects;
import java.util.Set;

/**
 * The merged answer of every gateway to a cluster-wide query, and the gateways that did not answer
 * within {@code worker.query-timeout} (stream not open, too slow, or the gateway refused the query).
 * A partial value is still a value: a count, for example, then counts only the clients of the
 * gateways that answered. Every partial answer is also logged at WARN, once per query, with the
 * missing gateways and why.
 *
 * @param value           the merged answers
 * @param missingGateways ids of the gateways whose clients {@code value} does not include
 */
public record ClusterResult<T>(T value, Set<String> missingGateways) {

    public ClusterResult {
        Objects.requireNonNull(value, "value");
        missingGateways = Set.copyOf(missingGateways);
    }

    /** Whether every gateway in this worker's view answered. */
    public boolean isComplete() {
        return missingGateways.isEmpty();
    }

    /** Whether some gateways did not answer ({@link #missingGateways()} names them): the opposite of {@link #isComplete()}. */
    public boolean partial() {
        return !missingGateways.isEmpty();
    }
}
