package io.gatewayworker.worker.dispatch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Closed;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.proto.link.Transport;
import io.gatewayworker.worker.link.GatewayConnection;

/**
 * The clients this worker owes an onClose should their gateway die: per gateway, each client whose
 * events came here on the gateway's current stream and whose close event was not handled yet. A
 * gateway that leaves the register view without closing its clients (killed, partitioned) sends
 * no close events, so the worker that last received a client's events delivers one itself.
 * <p>
 * One owner per client: the gateway routes all of a client's events to one worker and moves the
 * client only when that worker's stream ends (it broke, or the worker drained). A worker that drains
 * stops, and forgets with it; a worker whose stream to a gateway broke and opened again forgets the
 * clients it had on the older stream ({@link #streamOpened}), since the gateway re-bound them. What
 * is left is the window between a break and the reopening: if the gateway dies then, a client it
 * moved to another worker may be owed by both. Bounded: an entry lives from the client's first event
 * here to its close event, the reopening of the stream, or the gateway leaving the view. Thread-safe.
 */
final class SeenClients {

    /** Close reason the application sees (in the synthetic event) when the worker closes for a lost gateway. */
    static final String GATEWAY_LOST = "gateway lost";

    /**
     * What a synthetic close event needs of the client's latest event: no payloads kept. Fields, not
     * a trimmed ClientEvent: this is recorded for every event, the close event built only if owed.
     */
    private record Seen(GatewayConnection source, String clientId, long seq, Session session, String remoteAddress,
            Transport transport) {

        ClientEvent latest() {
            return ClientEvent.newBuilder().setClientId(clientId).setSeq(seq).setSession(session)
                    .setRemoteAddress(remoteAddress).setTransport(transport).build();
        }
    }

    private final Map<String, Map<String, Seen>> byGateway = new ConcurrentHashMap<>();

    /** Event loop: an event of the client arrived on {@code source}. */
    void arrived(GatewayConnection source, ClientEvent event) {
        // Only what a close event carries: the header fields and the session snapshot (shared, not copied).
        Seen seen = new Seen(source, event.getClientId(), event.getSeq(), event.getSession(),
                event.getRemoteAddress(), event.getTransport());
        byGateway.computeIfAbsent(source.gatewayId(), id -> new ConcurrentHashMap<>()).put(event.getClientId(), seen);
    }

    /** The client's close event was handled here (or the synthetic one): nothing more is owed. */
    void closed(String gatewayId, String clientId) {
        byGateway.computeIfPresent(gatewayId, (id, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
    }

    /**
     * A new stream to the gateway opened: clients known from older streams were re-bound by the
     * gateway when those ended, and may now be another worker's.
     */
    void streamOpened(GatewayConnection source) {
        byGateway.computeIfPresent(source.gatewayId(), (id, clients) -> {
            clients.values().removeIf(seen -> seen.source() != source);
            return clients.isEmpty() ? null : clients;
        });
    }

    /**
     * The gateway left the view: the close events owed for its clients, each one event past the
     * latest seen (seq + 1). Entries stay until each close is handled ({@link #closed}), so an event
     * of the client still queued here is not mistaken for a live client.
     */
    List<OwedClose> gatewayGone(String gatewayId) {
        Map<String, Seen> clients = byGateway.get(gatewayId);
        if (clients == null) {
            return List.of();
        }
        return clients.values().stream().map(seen -> new OwedClose(seen.source(), seen.latest().toBuilder()
                .setSeq(seen.latest().getSeq() + 1)
                .setClose(Closed.newBuilder().setReason(GATEWAY_LOST)).build())).toList();
    }

    /** Whether the client is still owed a close for what came on {@code source} (no close of it handled since, no newer stream). */
    boolean owed(GatewayConnection source, String clientId) {
        Map<String, Seen> clients = byGateway.get(source.gatewayId());
        Seen seen = clients == null ? null : clients.get(clientId);
        return seen != null && seen.source() == source;
    }

    /** Clients known across gateways. */
    int size() {
        return byGateway.values().stream().mapToInt(Map::size).sum();
    }

    /** A close event this worker delivers itself, for a client of a lost gateway. */
    record OwedClose(GatewayConnection source, ClientEvent event) {
    }
}
