package io.gatewayworker.register.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class WatcherTest {

    private final RecordingOutlet outlet = new RecordingOutlet();
    private final Watcher watcher = new Watcher("w1", "worker", 1L, 3, outlet);

    @Test
    void aReadyTransportGetsEveryViewAtOnce() {
        assertTrue(watcher.offer(view(1)));
        assertTrue(watcher.offer(view(2)));

        assertEquals(List.of(1L, 2L), outlet.sent.stream().map(View::version).toList());
        assertEquals(0, watcher.pending());
    }

    @Test
    void aSlowTransportBuffersUpToTheCapacityAndGetsThemInOrderWhenReady() {
        outlet.ready = false;
        for (int version = 1; version <= 3; version++) {
            assertTrue(watcher.offer(view(version)));
        }
        assertEquals(3, watcher.pending());
        assertTrue(outlet.sent.isEmpty());

        outlet.ready = true;
        watcher.drain();

        assertEquals(List.of(1L, 2L, 3L), outlet.sent.stream().map(View::version).toList());
        assertEquals(0, watcher.pending());
        assertNull(outlet.ended);
    }

    @Test
    void oneViewBeyondTheCapacityEndsTheWatchWithOverflowAndFreesTheBuffer() {
        outlet.ready = false;
        for (int version = 1; version <= 3; version++) {
            watcher.offer(view(version));
        }

        assertFalse(watcher.offer(view(4)));

        assertEquals(WatchEnd.OVERFLOW, outlet.ended);
        assertEquals(0, watcher.pending());
        assertFalse(watcher.offer(view(5)));
        outlet.ready = true;
        watcher.drain();
        assertTrue(outlet.sent.isEmpty());
    }

    @Test
    void aClosedWatcherTakesNothingMore() {
        watcher.close();

        assertFalse(watcher.offer(view(1)));
        assertTrue(outlet.sent.isEmpty());
        assertNull(outlet.ended);
    }

    private static View view(long version) {
        return new View(ViewKind.JOINED, List.of(), version, "reg");
    }
}
