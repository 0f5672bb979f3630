package io.gatewayworker.worker.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Session;

class WrittenSessionsTest {

    private static final Map<String, ByteString> OURS = Map.of("name", ByteString.copyFromUtf8("\"alice\""));
    private static final Map<String, ByteString> GATEWAYS = Map.of("name", ByteString.copyFromUtf8("\"old\""));

    private final AtomicLong clock = new AtomicLong();
    private final WrittenSessions written = new WrittenSessions(Duration.ofSeconds(60), clock::get);

    @Test
    void aStaleSnapshotWithinTheAgeLimitStartsFromWhatTheHandlerWrote() {
        written.wrote("c1", 5, OURS);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());

        assertEquals(OURS, written.startingPoint(event("c1", 4)));
    }

    @Test
    void anEntryOlderThanTheAgeLimitIsIgnoredAndDropped() {
        written.wrote("c1", 5, OURS);
        clock.addAndGet(Duration.ofSeconds(61).toNanos());

        assertEquals(GATEWAYS, written.startingPoint(event("c1", 4)));
        assertEquals(0, written.size());
    }

    @Test
    void oldEntriesOfClientsThatNeverCameBackAreSweptAsWritesGoOn() {
        written.wrote("gone", 1, OURS);
        clock.addAndGet(Duration.ofSeconds(61).toNanos());

        for (int i = 0; i < WrittenSessions.SWEEP_EVERY; i++) {
            written.wrote("c" + i, 1, OURS);
        }

        assertEquals(WrittenSessions.SWEEP_EVERY, written.size(), "only the fresh entries are left");
    }

    private static ClientEvent event(String clientId, long writtenThrough) {
        return ClientEvent.newBuilder().setClientId(clientId).setSeq(6)
                .setSession(Session.newBuilder().putAllValues(GATEWAYS).setWrittenThroughSeq(writtenThrough))
                .build();
    }
}
