package io.gatewayworker.worker.session;

import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

/** What a handler changed in a session: values to set (JSON) and keys to remove. */
public record SessionChanges(Map<String, ByteString> set, List<String> remove) {

    /** No change. */
    public static final SessionChanges NONE = new SessionChanges(Map.of(), List.of());

    public boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty();
    }
}
