package io.gatewayworker.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

class TrackedSessionTest {

    private final SessionCodec codec = new SessionCodec(new ObjectMapper());

    private static Map<String, ByteString> stored(String... keysAndJson) {
        Map<String, ByteString> stored = new LinkedHashMap<>();
        for (int i = 0; i < keysAndJson.length; i += 2) {
            stored.put(keysAndJson[i], ByteString.copyFromUtf8(keysAndJson[i + 1]));
        }
        return stored;
    }

    @Test
    void readsStoredJsonAsPlainJavaValues() {
        TrackedSession session = new TrackedSession(codec,
                stored("name", "\"alice\"", "age", "42", "tags", "[\"a\",\"b\"]", "admin", "true", "none", "null"));

        assertEquals("alice", session.getString("name"));
        assertEquals(42, session.get("age"));
        assertEquals(List.of("a", "b"), session.get("tags"));
        assertEquals(Boolean.TRUE, session.get("admin"));
        assertTrue(session.containsKey("none"));
        assertEquals(5, session.size());
    }

    @Test
    void anUntouchedSessionHasNoChangesEvenWhenStoredWithOtherSpacing() {
        TrackedSession session = new TrackedSession(codec, stored("user", "{ \"id\" : 7, \"name\" : \"bob\" }"));

        session.get("user");

        assertFalse(session.isChanged());
        assertTrue(session.changes().isEmpty());
    }

    @Test
    void putAndRemoveAreReportedAsSetAndRemoveOfThoseKeysOnly() {
        TrackedSession session = new TrackedSession(codec, stored("keep", "1", "drop", "2", "change", "3"));

        session.remove("drop");
        session.put("change", 30);
        session.put("added", Map.of("x", "y"));

        SessionChanges changes = session.changes();
        assertTrue(session.isChanged());
        assertEquals(Map.of("change", ByteString.copyFromUtf8("30"), "added", ByteString.copyFromUtf8("{\"x\":\"y\"}")),
                changes.set());
        assertEquals(List.of("drop"), changes.remove());
    }

    @Test
    void aChangeInsideANestedListCounts() {
        TrackedSession session = new TrackedSession(codec, stored("rooms", "[\"lobby\"]"));

        @SuppressWarnings("unchecked")
        List<Object> rooms = (List<Object>) session.get("rooms");
        rooms.add("games");

        assertEquals(Map.of("rooms", ByteString.copyFromUtf8("[\"lobby\",\"games\"]")), session.changes().set());
    }

    @Test
    void puttingBackAnEqualValueIsNoChange() {
        TrackedSession session = new TrackedSession(codec, stored("name", "\"alice\"", "list", "[1,2]"));

        session.put("name", "alice");
        session.put("list", new ArrayList<>(List.of(1, 2)));

        assertFalse(session.isChanged());
    }

    @Test
    void clearingRemovesEveryStoredKey() {
        TrackedSession session = new TrackedSession(codec, stored("a", "1", "b", "2"));

        session.clear();

        assertEquals(List.of("a", "b"), session.changes().remove());
    }

    @Test
    void aStoredValueThatIsNotJsonReadsAsTextAndIsNotRewritten() {
        TrackedSession session = new TrackedSession(codec, stored("legacy", "not json"));

        assertEquals("not json", session.get("legacy"));
        assertFalse(session.isChanged());
    }

    @Test
    void aValueJacksonCannotWriteFailsNamingTheKey() {
        TrackedSession session = new TrackedSession(codec, Map.of());
        session.put("socket", new Object());

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, session::changes);
        assertTrue(failure.getMessage().contains("'socket'"), failure.getMessage());
    }

    @Test
    void valuesStoredThroughTheGatewayApiShowAndAreNotWrittenAgain() {
        TrackedSession session = new TrackedSession(codec, stored("a", "1"));
        session.put("local", "x");

        session.stored(codec.encodeAll(Map.of("name", "alice")), false);

        assertEquals("alice", session.get("name"));
        assertEquals(Map.of("local", ByteString.copyFromUtf8("\"x\"")), session.changes().set());
        assertTrue(session.changes().remove().isEmpty());
    }

    @Test
    void aSessionReplacedThroughTheGatewayApiDropsEverythingElse() {
        TrackedSession session = new TrackedSession(codec, stored("a", "1", "b", "2"));

        session.stored(codec.encodeAll(Map.of("c", 3)), true);

        assertEquals(Map.of("c", 3), Map.copyOf(session));
        assertFalse(session.isChanged());
    }

    @Test
    void storedChangesBecomeTheNewBaseline() {
        TrackedSession session = new TrackedSession(codec, stored("a", "1"));
        session.put("a", 2);
        session.remove("missing");

        session.changesStored(session.changes());

        assertFalse(session.isChanged());
    }

    /** A codec that counts what it decodes. */
    private static final class CountingCodec extends SessionCodec {

        final AtomicInteger decoded = new AtomicInteger();

        CountingCodec() {
            super(new ObjectMapper());
        }

        @Override
        public Object decode(ByteString json) {
            decoded.incrementAndGet();
            return super.decode(json);
        }
    }

    @Test
    void aSessionTheHandlerNeverTouchedDecodesNothingAndHasNoChanges() {
        CountingCodec counting = new CountingCodec();
        TrackedSession session = new TrackedSession(counting, stored("user", "{ \"id\" : 7 }", "n", "1"));

        assertTrue(session.changes().isEmpty());
        assertFalse(session.isChanged());
        assertEquals(0, counting.decoded.get());
    }

    @Test
    void theFirstReadDecodesAndANestedChangeAfterItStillCounts() {
        CountingCodec counting = new CountingCodec();
        TrackedSession session = new TrackedSession(counting, stored("user", "{\"rooms\":[\"lobby\"]}"));

        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) session.get("user");
        assertTrue(counting.decoded.get() > 0);
        @SuppressWarnings("unchecked")
        List<Object> rooms = (List<Object>) user.get("rooms");
        rooms.add("games");

        assertEquals(Map.of("user", ByteString.copyFromUtf8("{\"rooms\":[\"lobby\",\"games\"]}")),
                session.changes().set());
    }

    @Test
    void storingChangesLeavesTheMapTheSessionWasMadeFromAlone() {
        Map<String, ByteString> stored = stored("a", "1", "b", "2");
        Map<String, ByteString> before = Map.copyOf(stored);
        TrackedSession session = new TrackedSession(codec, stored);
        session.put("a", 10);
        session.remove("b");

        session.changesStored(session.changes());
        session.stored(codec.encodeAll(Map.of("c", 3)), true);

        assertEquals(before, stored);
        assertEquals(Map.of("c", ByteString.copyFromUtf8("3")), session.storedValues());
    }

    @Test
    void valuesStoredThroughTheGatewayApiBeforeAnyReadShowWithTheStoredOnes() {
        TrackedSession session = new TrackedSession(codec, stored("a", "1"));

        session.stored(codec.encodeAll(Map.of("name", "alice")), false);

        assertEquals(Map.of("a", 1, "name", "alice"), Map.copyOf(session));
        assertFalse(session.isChanged());
    }
}
