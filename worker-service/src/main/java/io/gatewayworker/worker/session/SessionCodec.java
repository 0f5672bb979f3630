package io.gatewayworker.worker.session;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.google.protobuf.ByteString;

/**
 * Session values on the wire: each value one JSON document (UTF-8), which gateways store without
 * reading (gateway.proto, Session). Reads give plain Java values (String, Integer/Long/Double,
 * Boolean, null, List, Map; BigInteger or BigDecimal for a number beyond a Long's or a Double's range);
 * a stored value that is not JSON (written by a foreign tool) reads as its text rather than failing
 * the event.
 */
@ApplicationScoped
public class SessionCodec {

    private final ObjectMapper mapper;
    private final ObjectReader exactNumbers;

    public SessionCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.exactNumbers = mapper.readerFor(Object.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** One stored value as a Java value. */
    public Object decode(ByteString json) {
        byte[] bytes = json.toByteArray();
        try {
            Object value = mapper.readValue(bytes, Object.class);
            // A JSON number beyond a Double's range reads as Infinity, which JSON cannot hold: written
            // back it would become the string "Infinity" (found by SessionCodecFuzzTest). Such a
            // document reads its decimals as BigDecimal instead, which write back unchanged.
            return holdsInfinity(value) ? exactNumbers.readValue(bytes) : value;
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
