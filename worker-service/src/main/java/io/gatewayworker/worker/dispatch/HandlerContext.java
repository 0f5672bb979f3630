package io.gatewayworker.worker.dispatch;

import java.util.List;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.wire.Commands;
import io.gatewayworker.worker.api.ClientContext;
import io.gatewayworker.worker.api.Session;
import io.gatewayworker.worker.api.Transport;
import io.gatewayworker.worker.cluster.ClusterGateway;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.session.TrackedSession;

/**
 * The {@link ClientContext} of one event: sends and closes go straight to the stream the event came on;
 * for the onClose of a client whose gateway was lost, they are no-ops.
 */
final class HandlerContext implements ClientContext {

    private final ClientEvent event;
    private final GatewayConnection source;
    private final ClusterGateway gateway;
    private final TrackedSession session;
    private final boolean gatewayLost;

    HandlerContext(ClientEvent event, GatewayConnection source, ClusterGateway gateway, TrackedSession session,
            boolean gatewayLost) {
        this.event = event;
        this.source = source;
        this.gateway = gateway;
        this.session = session;
        this.gatewayLost = gatewayLost;
    }

    @Override
    public boolean gatewayLost() {
        return gatewayLost;
    }

    @Override
    public String clientId() {
        return event.getClientId();
    }

    @Override
    public String gatewayId() {
        return source.gatewayId();
    }

    @Override
    public String remoteAddress() {
        return event.getRemoteAddress();
    }

    @Override
    public Transport transport() {
        return switch (event.getTransport()) {
            case WEBSOCKET -> Transport.WEBSOCKET;
            case TCP -> Transport.TCP;
            default -> Transport.UNKNOWN;
        };
    }

    @Override
    public long seq() {
        return event.getSeq();
    }

    @Override
    public boolean redelivered() {
        return event.getRedelivered();
    }

    @Override
    public Session session() {
        return session;
    }

    TrackedSession trackedSession() {
        return session;
    }

    @Override
    public void send(String text) {
        send(Commands.text(text));
    }

    @Override
    public void send(byte[] bytes) {
        send(Commands.binary(bytes));
    }

    @Override
    public void close() {
        if (gatewayLost) {
            return;
        }
        gateway.deliver(source, Commands.close(List.of(clientId()), null, false));
    }

    @Override
    public void close(String finalMessage) {
        if (gatewayLost) {
            return;
        }
        gateway.deliver(source, Commands.close(List.of(clientId()), Commands.text(finalMessage), false));
    }

    private void send(Payload payload) {
        if (gatewayLost) {
            return; // the connection is gone with its gateway
        }
        gateway.deliver(source, Commands.sendToClient(clientId(), payload));
    }

    @Override
    public String toString() {
        return "client " + clientId() + " (event " + event.getEventId() + ", seq " + event.getSeq() + ")";
    }
}
