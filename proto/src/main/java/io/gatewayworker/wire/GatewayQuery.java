package io.gatewayworker.wire;

import java.util.Collection;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;

/**
 * A cluster-wide question: the {@link Query} every gateway gets, and how their answers merge into
 * one value. Each gateway answers only for its own clients, so merging is a sum or a union; whoever
 * runs the query (a worker, the gateway client) decides which gateways answered in time and reports
 * the others. Built by {@link GatewayQueries}.
 *
 * @param <R> the merged value
 */
public final class GatewayQuery<R> {

    private final Query request;
    private final Function<Collection<QueryResult>, R> merge;

    private GatewayQuery(Query request, Function<Collection<QueryResult>, R> merge) {
        this.request = request;
        this.merge = merge;
    }

    /**
     * A query folding each answer into a fresh accumulator from {@code start}, then {@code finish}ing it.
     */
    static <A, R> GatewayQuery<R> folding(Query request, Supplier<A> start, BiConsumer<A, QueryResult> add,
            Function<A, R> finish) {
        Objects.requireNonNull(request, "request");
        return new GatewayQuery<>(request, answers -> {
            A merged = start.get();
            answers.forEach(answer -> add.accept(merged, answer));
            return finish.apply(merged);
        });
    }

    /** A question that needs no gateway (e.g. a batch query over no names): its value is known. */
    static <R> GatewayQuery<R> answered(R value) {
        return new GatewayQuery<>(null, answers -> value);
    }

    /** Whether gateways must be asked; false when {@link #merge} of nothing is already the answer. */
    public boolean asksGateways() {
        return request != null;
    }

    /**
     * What each gateway is asked.
     *
     * @throws IllegalStateException when {@link #asksGateways()} is false
     */
    public Query request() {
        if (request == null) {
            throw new IllegalStateException("this query asks no gateway");
        }
        return request;
    }

    /** The value of the answers that came (errors left out by the caller); partial when some are missing. */
    public R merge(Collection<QueryResult> answers) {
        return merge.apply(answers);
    }

    /** The same question with its merged value transformed. */
    public <S> GatewayQuery<S> map(Function<? super R, ? extends S> mapper) {
        return new GatewayQuery<>(request, answers -> mapper.apply(merge.apply(answers)));
    }
}
