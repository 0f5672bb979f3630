package io.gatewayworker.worker.api;

import java.util.Map;

/**
 * A client's session: GatewayWorker's {@code $_SESSION}. String keys; values are anything Jackson
 * writes as JSON: {@code String}, numbers, {@code Boolean}, {@code null}, {@code List}s and
 * {@code Map}s of those, or records and beans (read back later as {@code Map}s). Values come back as
 * JSON reads them: strings, {@code Integer}/{@code Long}/{@code Double}, booleans, {@code List},
 * {@code Map}.
 * <p>
 * The session travels with each event. Changes a handler makes to {@link ClientContext#session()}
 * (including changes inside nested lists and maps) are written back to the client's gateway after
 * the handler returned — only the keys that changed, and nothing when nothing changed; never after
 * {@link Events#onClose}. Writes by concurrent handlers of other clients cannot conflict: a session
 * belongs to one client, whose events run one after another.
 * <p>
 * Not thread-safe: use it from the handler that received it.
 */
public interface Session extends Map<String, Object> {

    /** The value as a string when it is one, else null. */
    default String getString(String key) {
        return get(key) instanceof String text ? text : null;
    }

    /** Whether the session differs from what the event carried (or what was last stored through Gateway). */
    boolean isChanged();
}
