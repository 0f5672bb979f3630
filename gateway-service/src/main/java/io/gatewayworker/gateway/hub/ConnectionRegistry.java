package io.gatewayworker.gateway.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;

/** Every client connected to this gateway, by client id, with counts per transport. Thread-safe. */
@ApplicationScoped
public class ConnectionRegistry {

    private final int maxConnections;
    private final ConcurrentHashMap<String, ConnectedClient> clients = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<Transport, AtomicInteger> byTransport = new EnumMap<>(Transport.class);

    @Inject
    public ConnectionRegistry(GatewayConfig config, GatewayMetrics metrics) {
        this(config.maxConnections());
        for (Transport transport : Transport.values()) {
            metrics.gauge("gw.gateway.connections", "Open client connections, by transport",
                    () -> count(transport), "transport", transport.name().toLowerCase(Locale.ROOT));
        }
    }

    public ConnectionRegistry(int maxConnections) {
        this.maxConnections = maxConnections;
        for (Transport transport : Transport.values()) {
            byTransport.put(transport, new AtomicInteger());
        }
    }

    /** Registers the connection, or returns null when the gateway holds its maximum already. */
    public ConnectedClient tryAdd(Connection connection) {
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return null;
        }
        ConnectedClient client = new ConnectedClient(connection);
        if (clients.putIfAbsent(connection.clientId(), client) != null) {
            total.decrementAndGet();
            throw new IllegalStateException("client id registered twice: " + connection.clientId());
        }
        byTransport.get(connection.transport()).incrementAndGet();
        return client;
    }

    /** Unregisters the client; returns it, or null when it was not registered. */
    public ConnectedClient remove(String clientId) {
        ConnectedClient client = clients.remove(clientId);
        if (client != null) {
            total.decrementAndGet();
            byTransport.get(client.connection().transport()).decrementAndGet();
        }
        return client;
    }

    /** The client, or null when it is not connected here. */
    public ConnectedClient get(String clientId) {
        return clients.get(clientId);
    }

    /** Live, read-only view of every connected client. */
    public Collection<ConnectedClient> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public int count() {
        return total.get();
    }

    public int count(Transport transport) {
        return byTransport.get(transport).get();
    }
}
