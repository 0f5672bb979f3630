package io.gatewayworker.gateway.status;

import java.util.List;

/**
 * The body of GET /status (read by bin/cluster status and tests). {@code service} and {@code id} come
 * first, as in every service's /status.
 */
public record GatewayStatus(String service, String id, boolean ready, Connections connections, List<String> workers,
        int registers) {

    public record Connections(int total, int websocket, int tcp) {
    }
}
