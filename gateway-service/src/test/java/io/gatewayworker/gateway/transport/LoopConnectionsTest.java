package io.gatewayworker.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;

/** The heartbeat's per-loop list threaded through the connections: adds, removes anywhere, walks. */
class LoopConnectionsTest {

    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    private final LoopConnections list = new LoopConnections();

    @Test
    void removesFromHeadMiddleAndTailKeepTheRestInTheList() {
        Stub a = new Stub("a");
        Stub b = new Stub("b");
        Stub c = new Stub("c");
        Stub d = new Stub("d");
        for (Stub s : List.of(a, b, c, d)) {
            assertTrue(list.add(s));
        }
        assertEquals(List.of(d, c, b, a), list.snapshot());

        assertTrue(list.remove(c)); // middle
        assertEquals(List.of(d, b, a), list.snapshot());
        assertTrue(list.remove(d)); // head
        assertEquals(List.of(b, a), list.snapshot());
        assertTrue(list.remove(a)); // tail
        assertEquals(List.of(b), list.snapshot());
        assertEquals(1, list.size());
        assertTrue(list.remove(b));
        assertEquals(List.of(), list.snapshot());
        assertEquals(0, list.size());
    }

    @Test
    void aConnectionIsInTheListAtMostOnceAndRemovedAtMostOnce() {
        Stub a = new Stub("a");
        Stub b = new Stub("b");
        assertTrue(list.add(a));
        assertFalse(list.add(a), "the head again");
        assertTrue(list.add(b));
        assertFalse(list.add(a), "the tail again");
        assertEquals(2, list.size());

        assertTrue(list.remove(a));
        assertFalse(list.remove(a), "removed already");
        assertFalse(list.remove(new Stub("never added")));
        assertEquals(List.of(b), list.snapshot());
        assertEquals(1, list.size());

        assertTrue(list.add(a), "may come back once removed");
        assertEquals(List.of(a, b), list.snapshot());
    }

    @Test
    void aSnapshotIsNotDisturbedByRemovesWhileItIsWalked() {
        Stub a = new Stub("a");
        Stub b = new Stub("b");
        Stub c = new Stub("c");
        list.add(a);
        list.add(b);
        list.add(c);
        int walked = 0;
        for (ClientConnectionBase each : list.snapshot()) {
            list.remove(a); // what a close reported at once during a sweep does
            list.remove(each);
            walked++;
        }
        assertEquals(3, walked);
        assertEquals(0, list.size());
    }

    /** A connection without a socket. */
    private final class Stub extends ClientConnectionBase {

        Stub(String id) {
            super(id, Transport.TCP, null, 1024, null, metrics);
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        protected void ping() {
        }

        @Override
        protected void write(boolean binary, Buffer framed, Runnable written) {
            written.run();
        }

        @Override
        protected void closeAfterWrites(CloseReason reason) {
        }

        @Override
        protected void closeSocket(CloseReason reason) {
        }

        @Override
        protected void pauseSocket() {
        }

        @Override
        protected void resumeSocket() {
        }
    }
}
