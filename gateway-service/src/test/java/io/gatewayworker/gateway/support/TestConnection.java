package io.gatewayworker.gateway.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.Transport;
import io.vertx.core.buffer.Buffer;

/** A connection that records what the gateway does to it, for tests. */
public final class TestConnection implements Connection {

    /** One message the gateway sent to the client. */
    public record Sent(boolean binary, String text, boolean raw) {
    }

    private final String clientId;
    private final Transport transport;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile CloseReason closedWith;
    private volatile boolean destroyed;
    private volatile boolean readingPaused;

    public TestConnection(String clientId, Transport transport) {
        this.clientId = clientId;
        this.transport = transport;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public String remoteAddress() {
        return "10.0.0.7:40000";
    }

    @Override
    public void send(boolean binary, Buffer data, boolean raw) {
        sent.add(new Sent(binary, data.toString(StandardCharsets.UTF_8), raw));
    }

    @Override
    public void close(CloseReason reason) {
        closedWith = reason;
    }

    @Override
    public void destroy(CloseReason reason) {
        closedWith = reason;
        destroyed = true;
    }

    @Override
    public boolean isOpen() {
        return closedWith == null;
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
    }

    /** Whether the gateway wants this client's reading paused (backpressure). */
    public boolean readingPaused() {
        return readingPaused;
    }

    public List<Sent> sent() {
        return sent;
    }

    public List<String> texts() {
        return sent.stream().map(Sent::text).toList();
    }

    public CloseReason closedWith() {
        return closedWith;
    }

    public boolean destroyed() {
        return destroyed;
    }
}
