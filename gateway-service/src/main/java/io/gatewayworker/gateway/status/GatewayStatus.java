package io.gatewayworker.gateway.status;

import java.util.List;

/** The body of GET /status (read by bin/cluster status and tests). */
public record GatewayStatus(String gatewayId, boolean ready, Connections connections, List<String> workers,
        int registers) {

    public record Connections(int total, int websocket, int tcp) {
    }
}
