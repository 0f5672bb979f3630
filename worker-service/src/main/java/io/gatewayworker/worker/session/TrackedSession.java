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
 */
public final class TrackedSession extends AbstractMap<String, Object> implements Session {

    private final SessionCodec codec;
    private final Map<String, Object> values;
    private final Map<String, ByteString> baseline;
    /** Whether values of this session were sent to its gateway since it was made. */
    private boolean written;

    public TrackedSession(SessionCodec codec, Map<String, ByteString> stored) {
        this.codec = codec;
        this.values = codec.decodeAll(stored);
        this.baseline = new LinkedHashMap<>(stored);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public Object put(String key, Object value) {
        return values.put(Objects.requireNonNull(key, "session key"), value);
    }

    @Override
    public Object remove(Object key) {
        return values.remove(key);
    }

    @Override
    public void clear() {
        values.clear();
    }

    @Override
    public int size() {
        return values.size();
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
        baseline.putAll(changes.set());
        changes.remove().forEach(baseline::remove);
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
        if (replace) {
            values.clear();
            baseline.clear();
        }
        baseline.putAll(written);
        written.forEach((key, json) -> values.put(key, codec.decode(json)));
        this.written = true;
    }
}
