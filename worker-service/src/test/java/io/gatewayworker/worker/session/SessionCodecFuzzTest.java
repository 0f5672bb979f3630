package io.gatewayworker.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

/**
 * Fuzz test of the worker's session decoding (docs/fuzzing.md): a stored value is whatever bytes a
 * gateway holds, so decoding any bytes must give a plain Java value (JSON) or the bytes' text (not
 * JSON), never an exception; and a decoded JSON value written back decodes to itself, same types (a
 * number beyond a Double's range once read as Infinity and came back as the string "Infinity"; seed
 * {@code number-beyond-double-range-1e444}).
 */
class SessionCodecFuzzTest {

    private static final SessionCodec CODEC = new SessionCodec(new ObjectMapper());

    @FuzzTest(maxDuration = "2m")
    void anyStoredValueDecodesToAPlainValueOrItsText(byte[] stored) {
        Object value = CODEC.decode(ByteString.copyFrom(stored));

        assertPlain(value);
        if (!(value instanceof String text) || !text.equals(ByteString.copyFrom(stored).toStringUtf8())) {
            assertEquals(value, CODEC.decode(CODEC.encode("key", value)), "a decoded value must survive a write-back");
        }
        Map<String, Object> all = CODEC.decodeAll(Map.of("key", ByteString.copyFrom(stored)));
        assertEquals(1, all.size());
    }

    /** The types SessionCodec's Javadoc promises, all the way down. */
    private static void assertPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return;
        }
        if (value instanceof Number) {
            assertTrue(value instanceof Integer || value instanceof Long || value instanceof Double
                    || value instanceof BigInteger, value.getClass().getName());
            // JSON has no Infinity or NaN: such a Double could not be written back as a number.
            assertTrue(!(value instanceof Double number) || Double.isFinite(number), value.toString());
        } else if (value instanceof List<?> list) {
            list.forEach(SessionCodecFuzzTest::assertPlain);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> {
                assertTrue(key instanceof String, String.valueOf(key));
                assertPlain(element);
            });
        } else {
            throw new AssertionError("not a plain JSON value: " + value.getClass().getName());
        }
    }
}
