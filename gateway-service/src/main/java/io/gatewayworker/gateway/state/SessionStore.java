package io.gatewayworker.gateway.state;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Session;

/**
 * Each local client's session (GatewayWorker's $_SESSION): string keys, opaque values (JSON the
 * workers write; never parsed here). Sessions are immutable messages replaced on every write, so
 * an event carries a consistent snapshot without copying. Clients with an empty session cost
 * nothing. Thread-safe.
 */
@ApplicationScoped
public class SessionStore {

    private static final Session EMPTY = Session.getDefaultInstance();

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** The client's session; empty when it has none. */
    public Session get(String clientId) {
        return sessions.getOrDefault(clientId, EMPTY);
    }

    /** The session becomes exactly {@code values} (setSession). */
    public void replace(String clientId, Map<String, ByteString> values) {
        if (values.isEmpty()) {
            sessions.remove(clientId);
        } else {
            sessions.put(clientId, Session.newBuilder().putAllValues(values).build());
        }
    }

    /** Adds or overwrites {@code set}, deletes {@code remove}, keeps the rest (updateSession). */
    public void update(String clientId, Map<String, ByteString> set, Collection<String> remove) {
        sessions.compute(clientId, (id, current) -> {
            Session.Builder next = current == null ? Session.newBuilder() : current.toBuilder();
            next.putAllValues(set);
            remove.forEach(next::removeValues);
            return next.getValuesCount() == 0 ? null : next.build();
        });
    }

    /** Forgets a closed client. */
    public void remove(String clientId) {
        sessions.remove(clientId);
    }
}
