package io.gatewayworker.worker.session;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

/**
 * Session values on the wire: each value one JSON document (UTF-8), which gateways store without
 * reading (gateway.proto, Session). Reads give plain Java values (String, Integer/Long/Double,
 * Boolean, null, List, Map; BigInteger for an integer beyond a Long's range). A stored value that is
 * not JSON or not UTF-8 (written by a foreign tool), or holds a number beyond a Double's range, reads
 * as its text rather than failing the event.
 */
@ApplicationScoped
public class SessionCodec {

    private final ObjectMapper mapper;

    public SessionCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One stored value as a Java value. */
    public Object decode(ByteString json) {
        if (!json.isValidUtf8()) {
            // Not JSON, which is UTF-8; yet Jackson read some such bytes (a code point beyond Unicode)
            // into a key it then refused to write back (found by SessionCodecFuzzTest).
            return json.toStringUtf8();
        }
        try {
            Object value = mapper.readValue(json.toByteArray(), Object.class);
            // A number beyond a Double's range reads as Infinity, which JSON cannot hold: written back it
            // would become the string "Infinity" (found by SessionCodecFuzzTest). Keep the text instead.
            return holdsInfinity(value) ? json.toStringUtf8() : value;
        } catch (IOException notJson) {
            return json.toStringUtf8();
        }
    }

    private static boolean holdsInfinity(Object value) {
        if (value instanceof Double number) {
            return number.isInfinite();
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(SessionCodec::holdsInfinity);
        }
        return value instanceof Map<?, ?> map && map.values().stream().anyMatch(SessionCodec::holdsInfinity);
    }

    /** Stored values as a mutable, ordered map of Java values. */
    public Map<String, Object> decodeAll(Map<String, ByteString> stored) {
        Map<String, Object> values = new LinkedHashMap<>();
        stored.forEach((key, json) -> values.put(key, decode(json)));
        return values;
    }

    /** Stored values as a read-only map of Java values. */
    public Map<String, Object> readOnly(Map<String, ByteString> stored) {
        return Collections.unmodifiableMap(decodeAll(stored));
    }

    /**
     * One value as JSON.
     *
     * @throws IllegalArgumentException when Jackson cannot write it
     */
    public ByteString encode(String key, Object value) {
        try {
            return ByteString.copyFrom(mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session value '" + key + "' (" + value.getClass().getName()
                    + ") cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Values as JSON, in their order.
     *
     * @throws IllegalArgumentException for a null key or a value Jackson cannot write
     */
    public Map<String, ByteString> encodeAll(Map<String, ?> values) {
        Map<String, ByteString> stored = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key == null) {
                throw new IllegalArgumentException("session keys must not be null");
            }
            stored.put(key, encode(key, value));
        });
        return stored;
    }
}
