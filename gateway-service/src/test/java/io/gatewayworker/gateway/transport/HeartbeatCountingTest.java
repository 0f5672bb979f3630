package io.gatewayworker.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;

/**
 * How {@link ClientConnectionBase#heartbeat} counts silent intervals, and how a paused connection
 * holds what it read, without a socket.
 */
class HeartbeatCountingTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Recorder listener = new Recorder();
    private final Probe connection = new Probe(new GatewayMetrics(meters), listener);

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

    @Test
    void aClientWhoseReadingIsPausedIsNotCountedSilent() {
        connection.pauseReading();
        for (int i = 0; i < 10; i++) {
            connection.heartbeat(1);
        }
        assertTrue(connection.isOpen());
        assertTrue(connection.socketPaused);
    }

    @Test
    void messagesReadAfterThePauseAreHeldAndDeliveredInOrderWhenReadingResumes() {
        connection.deliver(false, Buffer.buffer("1"));
        connection.pauseReading();
        connection.deliver(false, Buffer.buffer("2"));
        connection.deliver(false, Buffer.buffer("3"));
        assertEquals(List.of("1"), listener.received);
        assertTrue(connection.socketPaused);

        connection.resumeReading();

        assertEquals(List.of("1", "2", "3"), listener.received);
        assertFalse(connection.socketPaused);
    }

    @Test
    void aDeliveryThatPausesAgainLeavesTheRestHeld() {
        connection.pauseReading();
        connection.deliver(false, Buffer.buffer("1"));
        connection.deliver(false, Buffer.buffer("2"));
        listener.onReceive = connection::pauseReading;

        connection.resumeReading();

        assertEquals(List.of("1"), listener.received);
        assertTrue(connection.socketPaused);
        listener.onReceive = () -> {
        };
        connection.resumeReading();
        assertEquals(List.of("1", "2"), listener.received);
    }

    @Test
    void aPausedClientThatOverflowsWhatMayBeHeldIsClosed() {
        connection.pauseReading();
        Buffer half = Buffer.buffer(new byte[ClientConnectionBase.HELD_BYTES_LIMIT / 2 + 1]);
        connection.deliver(true, half);
        assertTrue(connection.isOpen(), "one message alone is always held");

        connection.deliver(true, half);

        assertEquals(CloseReason.INBOUND_OVERFLOW, connection.closedWith);
        assertEquals(List.of(), listener.received);
    }

    /** Records the messages delivered to it. */
    private static final class Recorder implements ConnectionListener {

        final List<String> received = new ArrayList<>();
        Runnable onReceive = () -> {
        };

        @Override
        public Admission opened(Connection connection) {
            return Admission.ACCEPTED;
        }

        @Override
        public void handshake(Connection connection, String path, String query, Map<String, String> headers) {
        }

        @Override
        public void received(Connection connection, boolean binary, Buffer data) {
            received.add(data.toString());
            onReceive.run();
        }

        @Override
        public void closed(Connection connection, int code, String reason) {
        }
    }

    /** Records pings, closes and pauses instead of touching a socket. */
    private static final class Probe extends ClientConnectionBase {

        int pings;
        CloseReason closedWith;
        boolean socketPaused;

        Probe(GatewayMetrics metrics, ConnectionListener listener) {
            super("probe", Transport.TCP, null, 1024, listener, metrics);
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
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

        @Override
        protected void pauseSocket() {
            socketPaused = true;
        }

        @Override
        protected void resumeSocket() {
            socketPaused = false;
        }
    }
}
