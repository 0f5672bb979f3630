package io.gatewayworker.worker.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayUnavailableException;
import io.smallrye.mutiny.Uni;

/**
 * A gateway stream without a network, for unit tests: records commands, queries and acks in one
 * ordered log, answers queries with {@link #answerQueries} (or never), and refuses everything while
 * not open, as the real stream does.
 */
public final class FakeGatewayConnection implements GatewayConnection {

    /** What the worker sent, in order: a Command, a Query, or an Ack of one event id. */
    public record Ack(long eventId) {
    }

    private final String gatewayId;
    private final List<Object> log = new CopyOnWriteArrayList<>();
    private final List<String> resets = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private volatile Function<Query, Optional<QueryResult>> answers = query -> Optional.empty();

    public FakeGatewayConnection(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    public FakeGatewayConnection open(boolean open) {
        this.open = open;
        return this;
    }

    /** How queries are answered (request and gateway ids are filled in); empty: never. */
    public FakeGatewayConnection answerQueries(Function<Query, Optional<QueryResult>> answers) {
        this.answers = answers;
        return this;
    }

    @Override
    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public String address() {
        return "fake:" + gatewayId;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void send(Command command) {
        if (!open) {
            throw new GatewayUnavailableException(gatewayId, "stream not open");
        }
        log.add(command);
    }

    @Override
    public void reset(String reason) {
        resets.add(reason);
    }

    /** Reasons of the resets asked for, oldest first. */
    public List<String> resets() {
        return resets;
    }

    @Override
    public void ack(long eventId) {
        if (open) {
            log.add(new Ack(eventId));
        }
    }

    @Override
    public Uni<QueryResult> query(Query query, Duration timeout) {
        if (!open) {
            return Uni.createFrom().failure(new GatewayUnavailableException(gatewayId, "stream not open"));
        }
        log.add(query);
        return answers.apply(query)
                .map(result -> Uni.createFrom().item(result.toBuilder().setGatewayId(gatewayId).build()))
                .orElseGet(() -> Uni.createFrom().nothing());
    }

    public List<Object> log() {
        return log;
    }

    public List<Command> commands() {
        return log.stream().filter(Command.class::isInstance).map(Command.class::cast).toList();
    }

    public List<Query> queries() {
        return log.stream().filter(Query.class::isInstance).map(Query.class::cast).toList();
    }

    public List<Long> acks() {
        return log.stream().filter(Ack.class::isInstance).map(entry -> ((Ack) entry).eventId()).toList();
    }

    public void clear() {
        log.clear();
    }

    /** A client id of this gateway. */
    public String client(long sequence) {
        return gatewayId + Long.toHexString(sequence);
    }
}
