package io.gatewayworker.worker.api;

import java.util.Objects;
import java.util.Set;

/**
 * The merged answer of every gateway to a cluster-wide query, and the gateways that did not answer
 * within {@code worker.query-timeout} (not connected, too slow, or failed). A partial value is still
 * a value: a count, for example, then counts only the clients of the gateways that answered.
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
}
