package io.gatewayworker.worker.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;

/** A register view of fake gateways, for unit tests. */
public final class FakeGatewayConnections implements GatewayConnections {

    private final Map<String, FakeGatewayConnection> gateways = new ConcurrentHashMap<>();

    /** Adds a gateway with this 12-hex id (open) to the view. */
    public FakeGatewayConnection add(String gatewayId) {
        FakeGatewayConnection gateway = new FakeGatewayConnection(gatewayId);
        gateways.put(gatewayId, gateway);
        return gateway;
    }

    public void remove(String gatewayId) {
        gateways.remove(gatewayId);
    }

    @Override
    public Optional<GatewayConnection> byId(String gatewayId) {
        return Optional.ofNullable(gateways.get(gatewayId));
    }

    @Override
    public Collection<GatewayConnection> all() {
        return List.copyOf(gateways.values());
    }
}
