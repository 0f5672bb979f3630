package io.gatewayworker.worker.link;

import java.time.Duration;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.smallrye.mutiny.Uni;

/**
 * This worker's stream to one gateway: the single path for commands, queries and acks to it.
 * Messages sent through one connection reach the gateway in the order they were sent; small ones
 * are batched into one stream frame. Thread-safe.
 */
public interface GatewayConnection {

    /** The gateway's instance id (the prefix of its client ids). */
    String gatewayId();

    /** The gateway's internal gRPC address, host:port. */
    String address();

    /** Whether the stream is open and the gateway has said hello. */
    boolean isOpen();

    /**
     * Queues a command for the gateway.
     *
     * @throws GatewayUnavailableException when the stream is not open
     */
    void send(Command command);

    /** Acknowledges a handled event; silently dropped when the stream has broken (the gateway re-delivers). */
    void ack(long eventId);

    /**
     * Breaks the stream (it reconnects with backoff): the gateway re-delivers every event not
     * acknowledged yet, in each client's order. For an event this worker cannot take; refusing it
     * while later events of the same client go on would break that client's order.
     */
    void reset(String reason);

    /**
     * Sends a query (its request id is assigned here) and completes with the gateway's result, or
     * fails with {@link GatewayUnavailableException} when the stream is not open or breaks, or with
     * a {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    Uni<QueryResult> query(Query query, Duration timeout);
}
