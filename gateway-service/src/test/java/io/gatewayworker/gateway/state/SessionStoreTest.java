package io.gatewayworker.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

class SessionStoreTest {

    private final SessionStore sessions = new SessionStore(1_048_576);

    @Test
    void aWriteThatWouldPassTheLimitIsRefusedAndLeavesTheSessionAsItWas() {
        SessionStore small = new SessionStore(100);
        small.replace("c1", Map.of("name", json("\"alice\"")), 3);

        SessionTooLargeException replace = assertThrows(SessionTooLargeException.class,
                () -> small.replace("c1", Map.of("blob", json("\"" + "x".repeat(100) + "\"")), 4));
        assertThrows(SessionTooLargeException.class,
                () -> small.update("c1", Map.of("blob", json("\"" + "x".repeat(90) + "\"")), List.of(), 5));
        small.update("c1", Map.of("n", json("1")), List.of(), 6); // small writes still pass

        assertEquals(Map.of("name", json("\"alice\""), "n", json("1")), small.get("c1").getValuesMap());
        assertEquals(6, small.get("c1").getWrittenThroughSeq());
        assertTrue(replace.getMessage().contains("gateway.session.max-bytes"), replace.getMessage());
    }

    @Test
    void aClientWithoutSessionHasAnEmptyOne() {
        assertEquals(Map.of(), sessions.get("c1").getValuesMap());
    }

    @Test
    void replaceSetsExactlyTheGivenValues() {
        sessions.replace("c1", Map.of("name", json("\"alice\""), "room", json("\"lobby\"")));
        sessions.replace("c1", Map.of("name", json("\"bob\"")));

        assertEquals(Map.of("name", json("\"bob\"")), sessions.get("c1").getValuesMap());
    }

    @Test
    void updateMergesAndRemovesKeys() {
        sessions.replace("c1", Map.of("name", json("\"alice\""), "room", json("\"lobby\""), "n", json("1")));

        sessions.update("c1", Map.of("n", json("2"), "vip", json("true")), List.of("room"));

        assertEquals(Map.of("name", json("\"alice\""), "n", json("2"), "vip", json("true")),
                sessions.get("c1").getValuesMap());
    }

    @Test
    void updateOfAnEmptySessionCreatesIt() {
        sessions.update("c1", Map.of("n", json("1")), List.of("missing"));

        assertEquals(Map.of("n", json("1")), sessions.get("c1").getValuesMap());
    }

    @Test
    void aSnapshotTakenEarlierIsNotChangedByLaterWrites() {
        sessions.replace("c1", Map.of("n", json("1")));
        var snapshot = sessions.get("c1");

        sessions.update("c1", Map.of("n", json("2")), List.of());

        assertEquals(json("1"), snapshot.getValuesMap().get("n"));
        assertEquals(json("2"), sessions.get("c1").getValuesMap().get("n"));
    }

    @Test
    void removeForgetsTheSession() {
        sessions.replace("c1", Map.of("n", json("1")));
        sessions.remove("c1");

        assertSame(io.gatewayworker.proto.link.Session.getDefaultInstance(), sessions.get("c1"));
    }

    @Test
    void theMarkerIsTheHighestEventSeqWhileValuesFollowTheOrderOfWrites() {
        sessions.update("c1", Map.of("n", json("5")), List.of(), 5);
        sessions.update("c1", Map.of("n", json("4")), List.of(), 4);
        sessions.replace("c1", Map.of("m", json("0")), 0);

        assertEquals(5, sessions.get("c1").getWrittenThroughSeq());
        assertEquals(Map.of("m", json("0")), sessions.get("c1").getValuesMap());
    }

    @Test
    void anEmptiedSessionKeepsItsMarkerUntilTheClientIsRemoved() {
        sessions.update("c1", Map.of("n", json("1")), List.of(), 3);
        sessions.replace("c1", Map.of(), 0);

        assertEquals(Map.of(), sessions.get("c1").getValuesMap());
        assertEquals(3, sessions.get("c1").getWrittenThroughSeq());

        sessions.remove("c1");
        assertEquals(0, sessions.get("c1").getWrittenThroughSeq());
    }

    private static ByteString json(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
