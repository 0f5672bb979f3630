package io.gatewayworker.worker.push.model;

import java.util.List;

import io.gatewayworker.worker.api.ClusterResult;

/**
 * A query's answer. For cluster-wide queries {@code partial} says whether some gateways did not answer
 * within {@code worker.query-timeout}; {@code value} then covers only the clients of the others, and
 * {@code missingGateways} names the missing ones. Queries about one client are never partial (an
 * unreachable gateway is a 503 instead).
 *
 * @param value           the answer
 * @param partial         whether gateways are missing from the answer
 * @param missingGateways ids of the gateways that did not answer, sorted
 */
public record QueryResponse<T>(T value, boolean partial, List<String> missingGateways) {

    /** The merged answer, naming the gateways that did not answer. */
    public static <T> QueryResponse<T> of(ClusterResult<T> result) {
        return new QueryResponse<>(result.value(), !result.isComplete(),
                result.missingGateways().stream().sorted().toList());
    }

    /** A complete answer. */
    public static <T> QueryResponse<T> complete(T value) {
        return new QueryResponse<>(value, false, List.of());
    }
}
