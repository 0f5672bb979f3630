package io.gatewayworker.gateway.state;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.ByteString;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.proto.link.Session;

/**
 * Each local client's session (GatewayWorker's $_SESSION): string keys, opaque values (JSON the
 * workers write; never parsed here). Sessions are immutable messages replaced on every write, so
 * an event carries a consistent snapshot without copying. Clients with an empty session cost
 * nothing. Thread-safe.
 * <p>
 * Each session also carries {@code written_through_seq}: the highest {@code event_seq} of the
 * worker write-backs applied to it. Workers compare it with the seq of the last event whose
 * handler wrote back, to tell a snapshot taken before their write-back landed. Values are applied
 * in the order the writes arrive, whatever their number; only the marker is a maximum. A client
 * whose values are empty but whose marker is set keeps that (small) entry until it closes, so the
 * marker does not fall back to 0.
 * <p>
 * A session is at most {@code gateway.session.max-bytes} serialized: a write that would make it larger
 * throws {@link SessionTooLargeException} and leaves the session as it was.
 */
@ApplicationScoped
public class SessionStore {

    private static final Session EMPTY = Session.getDefaultInstance();

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final int maxBytes;

    @Inject
    public SessionStore(GatewayConfig config) {
        this(config.session().maxBytes());
    }

    /** A store whose sessions are at most {@code maxBytes} serialized. */
    public SessionStore(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The largest session, serialized bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The client's session with its written-through marker; empty when it has none. */
    public Session get(String clientId) {
        return sessions.getOrDefault(clientId, EMPTY);
    }

    /**
     * The session becomes exactly {@code values} (setSession).
     *
     * @throws SessionTooLargeException when it would be larger than the limit (nothing changes)
     */
    public void replace(String clientId, Map<String, ByteString> values) {
        replace(clientId, values, 0);
    }

    /**
     * The session becomes exactly {@code values}; the marker becomes {@code eventSeq} if that is
     * higher (0: a write not tied to one of the client's events).
     *
     * @throws SessionTooLargeException when it would be larger than the limit (nothing changes)
     */
    public void replace(String clientId, Map<String, ByteString> values, long eventSeq) {
        sessions.compute(clientId, (id, current) -> stored(Session.newBuilder().putAllValues(values),
                marker(current, eventSeq)));
    }

    /**
     * Adds or overwrites {@code set}, deletes {@code remove}, keeps the rest (updateSession).
     *
     * @throws SessionTooLargeException when it would be larger than the limit (nothing changes)
     */
    public void update(String clientId, Map<String, ByteString> set, Collection<String> remove) {
        update(clientId, set, remove, 0);
    }

    /**
     * Adds or overwrites {@code set}, deletes {@code remove}, keeps the rest; the marker becomes
     * {@code eventSeq} if that is higher (0: a write not tied to one of the client's events).
     *
     * @throws SessionTooLargeException when it would be larger than the limit (nothing changes)
     */
    public void update(String clientId, Map<String, ByteString> set, Collection<String> remove, long eventSeq) {
        sessions.compute(clientId, (id, current) -> {
            Session.Builder next = current == null ? Session.newBuilder() : current.toBuilder();
            next.putAllValues(set);
            remove.forEach(next::removeValues);
            return stored(next, marker(current, eventSeq));
        });
    }

    /** Forgets a closed client. */
    public void remove(String clientId) {
        sessions.remove(clientId);
    }

    private static long marker(Session current, long eventSeq) {
        return Math.max(current == null ? 0 : current.getWrittenThroughSeq(), eventSeq);
    }

    /**
     * The entry to keep: none when there is neither a value nor a marker. Throwing out of
     * {@code compute} leaves the map as it was, so a refused write changes nothing.
     */
    private Session stored(Session.Builder next, long writtenThroughSeq) {
        if (next.getValuesCount() == 0 && writtenThroughSeq == 0) {
            return null;
        }
        Session session = next.setWrittenThroughSeq(writtenThroughSeq).build();
        int size = session.getSerializedSize();
        if (size > maxBytes) {
            throw new SessionTooLargeException(size, maxBytes);
        }
        return session;
    }
}
