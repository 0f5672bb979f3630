package io.gatewayworker.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;

/** How {@link ClientConnectionBase#heartbeat} counts silent intervals, without a socket. */
class HeartbeatCountingTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Probe connection = new Probe(new GatewayMetrics(meters));

    @Test
    void aSilentClientIsPingedEachIntervalAndClosedOnceItMissedMoreThanTheLimit() {
        connection.heartbeat(2);
        connection.heartbeat(2);
        assertTrue(connection.isOpen());
        assertEquals(2, connection.pings);

        connection.heartbeat(2);

        assertEquals(CloseReason.HEARTBEAT_TIMEOUT, connection.closedWith);
        assertEquals(2, connection.pings, "no ping to a client being closed");
        assertEquals(1, meters.get("gw.gateway.connections.refused").tag("reason", "HEARTBEAT_TIMEOUT")
                .counter().count());
        connection.heartbeat(2);
        assertEquals(2, connection.pings, "a closed client is left alone");
    }

    @Test
    void anyInboundTrafficStartsTheCountAgain() {
        for (int i = 0; i < 10; i++) {
            connection.heartbeat(1);
            connection.alive();
        }
        assertTrue(connection.isOpen());
        assertEquals(10, connection.pings);
    }

    @Test
    void aLimitOfZeroOnlyPings() {
        for (int i = 0; i < 100; i++) {
            connection.heartbeat(0);
        }
        assertTrue(connection.isOpen());
        assertNull(connection.closedWith);
        assertEquals(100, connection.pings);
    }

    /** Records pings and closes instead of touching a socket. */
    private static final class Probe extends ClientConnectionBase {

        int pings;
        CloseReason closedWith;

        Probe(GatewayMetrics metrics) {
            super("probe", Transport.TCP, "127.0.0.1:1", null, 1024, metrics);
        }

        @Override
        protected void ping() {
            pings++;
        }

        @Override
        protected void write(boolean binary, Buffer framed, Runnable written) {
            written.run();
        }

        @Override
        protected void closeAfterWrites(CloseReason reason) {
            closedWith = reason;
        }

        @Override
        protected void closeSocket(CloseReason reason) {
            closedWith = reason;
        }
    }
}
