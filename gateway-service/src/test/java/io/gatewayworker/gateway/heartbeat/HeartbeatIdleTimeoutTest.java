package io.gatewayworker.gateway.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveTransportTest;
import io.gatewayworker.support.websocket.RawWebSocket;
import io.gatewayworker.support.websocket.RawWebSocket.Ending;
import io.gatewayworker.support.websocket.RawWebSocket.Frame;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With the heartbeat closing silent clients, an upgraded WebSocket has no HTTP idle timeout any more
 * (the heartbeat is its idle timeout, and the idle handler's memory is saved); plain HTTP connections
 * keep theirs. HTTP idle timeout 300 ms, heartbeat every second ({@link IdleTimeoutProfile}).
 */
@QuarkusTest
@TestProfile(IdleTimeoutProfile.class)
@WithTestResource(FakeRegisterResource.class)
class HeartbeatIdleTimeoutTest extends LiveTransportTest {

    @Test
    void aWebSocketClientAnsweringPingsOutlivesTheHttpIdleTimeout() {
        worker("w-idle-pong", 64);
        RawWebSocket client = rawWebSocket();

        // A second between pings, silent both ways: the 300 ms idle timeout would have closed it.
        for (int i = 0; i < 3; i++) {
            Frame frame = client.next();
            assertEquals(RawWebSocket.PING, frame.opcode(), "ping " + i + " instead of a close");
            client.send(RawWebSocket.PONG, frame.payload());
        }
        assertEquals(1, registry.count());
    }

    @Test
    void aSilentWebSocketClientIsStillClosedByTheHeartbeat() {
        FakeWorker worker = worker("w-idle-silent", 64);
        RawWebSocket client = rawWebSocket();
        worker.nextEvent(); // connect
        worker.nextEvent(); // websocket_connect

        assertEquals(new Ending(1001, "heartbeat timeout"), client.awaitClose());
        assertEquals(1001, worker.nextEvent().getClose().getCode());
    }

    @Test
    void anIdleHttpConnectionIsStillClosedByTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /no-such-page HTTP/1.1\r\nHost: " + ws.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // up to the server's close
            assertTrue(response.startsWith("HTTP/1.1 404"), response);
        }
    }
}
