package io.gatewayworker.worker.session;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.gatewayworker.worker.api.Session;

/**
 * A session as a handler sees it, remembering what its gateway stores (the baseline) so that only
 * the keys that changed are written back. Changes are found by comparing values, not by watching
 * calls, so changes inside nested lists and maps count too and putting back an equal value does not.
 * <p>
 * Lazy: most handlers never look at the session, so the stored JSON is decoded on the first access
 * (any read or write through the Map), and the baseline is copied only when it changes. A session
 * never accessed cannot differ from its baseline, which {@link #changes()} then answers without
 * encoding or comparing anything.
 */
public final class TrackedSession extends AbstractMap<String, Object> implements Session {

    private final SessionCodec codec;
    /** The handler's view; null until first accessed (then decoded from the baseline). */
    private Map<String, Object> values;
    /** What the gateway stores, as JSON; the caller's map until it changes here ({@link #ownBaseline}). */
    private Map<String, ByteString> baseline;
    private boolean baselineOwned;
    /** Whether values of this session were sent to its gateway since it was made. */
    private boolean written;

    /**
     * @param stored what the gateway stores; not copied (read only until it changes here, then
     *        copied), so the caller must not change it afterwards
     */
    public TrackedSession(SessionCodec codec, Map<String, ByteString> stored) {
        this.codec = codec;
        this.baseline = stored;
    }

    /** The decoded values, decoding them on first use. */
    private Map<String, Object> decoded() {
        if (values == null) {
            values = codec.decodeAll(baseline);
        }
        return values;
    }

    /** The baseline, as a map of this session's own that may be changed. */
    private Map<String, ByteString> ownBaseline() {
        if (!baselineOwned) {
            baseline = new LinkedHashMap<>(baseline);
            baselineOwned = true;
        }
        return baseline;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return decoded().entrySet();
    }

    @Override
    public Object get(Object key) {
        return decoded().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return decoded().containsKey(key);
    }

    @Override
    public Object put(String key, Object value) {
        return decoded().put(Objects.requireNonNull(key, "session key"), value);
    }

    @Override
    public Object remove(Object key) {
        return decoded().remove(key);
    }

    @Override
    public void clear() {
        decoded().clear();
    }

    @Override
    public int size() {
        return decoded().size();
    }

    @Override
    public boolean isChanged() {
        return !changes().isEmpty();
    }

    /**
     * What differs from the baseline.
     *
     * @throws IllegalArgumentException when a value cannot be written as JSON
     */
    public SessionChanges changes() {
        if (values == null) {
            return SessionChanges.NONE; // never accessed: nothing can differ
        }
        Map<String, ByteString> set = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            ByteString json = codec.encode(key, value);
            ByteString stored = baseline.get(key);
            // Equal bytes settle most cases; comparing the decoded values catches a stored document
            // spelt differently (spaces, key order kept) without writing it back.
            if (stored == null || !(stored.equals(json) || Objects.equals(codec.decode(stored), value))) {
                set.put(key, json);
            }
        });
        List<String> remove = new ArrayList<>();
        for (String key : baseline.keySet()) {
            if (!values.containsKey(key)) {
                remove.add(key);
            }
        }
        return new SessionChanges(set, remove);
    }

    /** The changes were stored: they are the new baseline. */
    public void changesStored(SessionChanges changes) {
        if (!changes.isEmpty()) {
            Map<String, ByteString> own = ownBaseline();
            own.putAll(changes.set());
            changes.remove().forEach(own::remove);
        }
        written = true;
    }

    /** What the gateway will hold once {@code changes} are stored: the baseline with them applied, as JSON. */
    public Map<String, ByteString> valuesAfter(SessionChanges changes) {
        Map<String, ByteString> after = new LinkedHashMap<>(baseline);
        after.putAll(changes.set());
        changes.remove().forEach(after::remove);
        return after;
    }

    /** Whether values were sent to the gateway for this session: through the Gateway API or stored changes. */
    public boolean written() {
        return written;
    }

    /** What the gateway holds once the writes sent for this session landed (the baseline), as JSON. */
    public Map<String, ByteString> storedValues() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
    }

    /**
     * The gateway now stores these values, written through the Gateway API while the handler runs:
     * the session shows them and does not write them again.
     *
     * @param replace whether they replaced the whole session (else they were merged into it)
     */
    public void stored(Map<String, ByteString> written, boolean replace) {
        Map<String, Object> shown = decoded(); // decoded before the baseline changes under it
        Map<String, ByteString> own = ownBaseline();
        if (replace) {
            shown.clear();
            own.clear();
        }
        own.putAll(written);
        written.forEach((key, json) -> shown.put(key, codec.decode(json)));
        this.written = true;
    }
}
