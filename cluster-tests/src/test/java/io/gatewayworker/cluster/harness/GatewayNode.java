package io.gatewayworker.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.TcpChatClient;
import io.gatewayworker.cluster.client.WebSocketChatClient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A running gateway of a {@link LocalCluster}: its process, its ports, its {@code /status}. */
public final class GatewayNode {

    private final ServiceProcess process;
    private final int tcpPort;
    private final int grpcPort;
    private volatile String id;

    /** A gateway whose listeners are on its process' host: HTTP there, TCP and internal gRPC on these ports. */
    public GatewayNode(ServiceProcess process, int tcpPort, int grpcPort) {
        this.process = process;
        this.tcpPort = tcpPort;
        this.grpcPort = grpcPort;
    }

    public ServiceProcess process() {
        return process;
    }

    public String name() {
        return process.name();
    }

    /** The chat page. */
    public URI pageUri() {
        return process.uri("/");
    }

    public URI webSocketUri() {
        return URI.create("ws://" + process.host() + ":" + process.httpPort() + "/ws");
    }

    public InetSocketAddress tcpAddress() {
        return new InetSocketAddress(process.host(), tcpPort);
    }

    /** The internal address workers stream to, as announced to the register. */
    public String grpcAddress() {
        return process.host() + ":" + grpcPort;
    }

    /** Opens a chat connection; {@code who} names it in failure messages. */
    public ChatClient connect(Transport transport, String who) {
        String label = who + "/" + transport.shortName() + "@" + name();
        return switch (transport) {
            case WEBSOCKET -> WebSocketChatClient.connect(webSocketUri(), label);
            case TCP -> TcpChatClient.connect(tcpAddress(), label);
        };
    }

    /** {@code GET /status}: {@code {"service":"gateway", "id", "ready", "connections": {...}, "workers": [...], "registers"}}. */
    public JsonNode status() {
        return process.getJson("/status");
    }

    /** The gateway's instance id, the prefix of every client id it hands out. */
    public String id() {
        if (id == null) {
            id = StatusFields.id(status(), "gatewayId");
        }
        return id;
    }

    /** Ids of the workers with an open stream to this gateway, per its {@code /status}. */
    public List<String> workerIds() {
        List<String> ids = new ArrayList<>();
        status().path("workers").forEach(worker -> ids.add(worker.isTextual() ? worker.asText() : StatusFields.id(worker, "workerId")));
        return ids;
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
