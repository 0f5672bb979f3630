package io.gatewayworker.worker.session;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

/**
 * Session values on the wire: each value one JSON document (UTF-8), which gateways store without
 * reading (gateway.proto, Session). Reads give plain Java values (String, Integer/Long/Double,
 * Boolean, null, List, Map); a stored value that is not JSON (written by a foreign tool) reads as its
 * text rather than failing the event.
 */
@ApplicationScoped
public class SessionCodec {

    private final ObjectMapper mapper;

    public SessionCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One stored value as a Java value. */
    public Object decode(ByteString json) {
        try {
            return mapper.readValue(json.toByteArray(), Object.class);
        } catch (IOException notJson) {
            return json.toStringUtf8();
        }
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
