package io.gatewayworker.worker.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Session;

/**
 * The sessions this worker's handlers left behind, for the same clients' next events. A gateway
 * stamps each event with the session it holds when the client sends it, so an event sent while the
 * previous one was being handled carries a snapshot older than that handler's write-back (a
 * {@code say} right after {@code login} would not see the login). The write-back carries the seq N
 * of its event and snapshots say how far they are written through: a snapshot written through N or
 * later includes the write-back and is used (the entry is dropped: other writers' changes show
 * again); an older one is not, and the client's next event starts from the session as the handler
 * of N left it, which is what the gateway holds once the write-back lands.
 * <p>
 * Bounded: an entry exists only for a client whose events this worker handled and whose handler
 * wrote its session; it goes when a snapshot shows the write landed, when the client's close event
 * was handled, when its gateway leaves the view, or when it is older than {@link #DEFAULT_TTL}. The
 * age limit covers clients whose later events go elsewhere (a stream broke and the gateway re-bound
 * them to another worker): only events already on their way when the write-back was sent can carry
 * an older snapshot, and none is that late. Thread-safe; a client's events run one at a time
 * (ClientLanes), so its entry is never raced by its own events.
 */
final class WrittenSessions {

    /** How long an entry is kept at most. */
    static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** Every this many writes, entries over the age limit are swept out. */
    static final int SWEEP_EVERY = 1024;

    /** The values the gateway holds after the write-back of the client's event {@code seq}. */
    private record Written(long seq, Map<String, ByteString> values, long writtenAtNanos) {
    }

    private final ConcurrentHashMap<String, Written> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    WrittenSessions() {
        this(DEFAULT_TTL, System::nanoTime);
    }

    WrittenSessions(Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The session the event's handler starts from: its snapshot, or what our last write-back left. */
    Map<String, ByteString> startingPoint(ClientEvent event) {
        Session snapshot = event.getSession();
        if (byClient.isEmpty()) {
            return snapshot.getValuesMap(); // the common case under load without session writes: no lookup
        }
        Written ours = byClient.get(event.getClientId());
        if (ours == null) {
            return snapshot.getValuesMap();
        }
        if (snapshot.getWrittenThroughSeq() >= ours.seq() || expired(ours, nanoClock.getAsLong())) {
            byClient.remove(event.getClientId(), ours);
            return snapshot.getValuesMap();
        }
        return ours.values();
    }

    /** The write-back of the client's event {@code seq} was sent: the gateway will hold {@code values}. */
    void wrote(String clientId, long seq, Map<String, ByteString> values) {
        long now = nanoClock.getAsLong();
        byClient.put(clientId, new Written(seq, values, now));
        if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
            byClient.values().removeIf(written -> expired(written, now));
        }
    }

    private boolean expired(Written written, long now) {
        return now - written.writtenAtNanos() > ttlNanos;
    }

    /** The client closed, or what we wrote is unknown (the write-back failed). */
    void forget(String clientId) {
        byClient.remove(clientId);
    }

    /** The gateway left: its clients are gone, but for those in {@code keep}. Client ids start with their gateway's id. */
    void forgetGateway(String gatewayId, Set<String> keep) {
        byClient.keySet().removeIf(clientId -> clientId.startsWith(gatewayId) && !keep.contains(clientId));
    }

    int size() {
        return byClient.size();
    }
}
