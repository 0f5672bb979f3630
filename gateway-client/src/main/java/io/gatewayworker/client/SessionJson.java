package io.gatewayworker.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.Commands;

/**
 * A client's session as {@link GatewayClient} exchanges it: the gateways keep opaque bytes per key,
 * and this client encodes each value as JSON (Jackson), so any value Jackson can write comes back as
 * plain maps, lists and scalars.
 */
final class SessionJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionJson() {
    }

    /**
     * The command writing {@code values} into a client's session: replacing it whole, or merging where a
     * {@code null} value removes its key (a replaced session has no keys left to remove).
     */
    static Command write(String clientId, boolean replace, Map<String, ?> values) {
        Objects.requireNonNull(values, "session");
        Map<String, ByteString> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        values.forEach((key, value) -> {
            ClientIds.requireName(key, "session key");
            if (value == null && !replace) {
                remove.add(key);
            } else {
                try {
                    set.put(key, ByteString.copyFrom(JSON.writeValueAsBytes(value)));
                } catch (IOException e) {
                    throw new IllegalArgumentException("session value of '" + key + "' cannot be written as JSON", e);
                }
            }
        });
        return Commands.writeSession(ClientIds.requireValid(clientId), replace, set, remove);
    }

    /** The session's values read back as maps, lists, strings, numbers and booleans. */
    static Map<String, Object> read(Map<String, ByteString> values) {
        Map<String, Object> session = new LinkedHashMap<>();
        values.forEach((key, json) -> {
            try {
                session.put(key, JSON.readValue(json.toByteArray(), Object.class));
            } catch (IOException e) {
                throw new IllegalStateException("session value of '" + key + "' is not JSON", e);
            }
        });
        return Collections.unmodifiableMap(session);
    }
}
