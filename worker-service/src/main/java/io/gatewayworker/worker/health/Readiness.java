package io.gatewayworker.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.worker.discovery.RegisterWatcher;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;

/**
 * When this worker is ready: at least one register delivered a view (so it knows the cluster), and
 * every gateway in the view has an open stream (so it receives every gateway's events). An empty
 * view counts as ready: there is nothing to connect to, and gateways that join later are connected
 * as they appear. A register outage after the first view does not make the worker unready: the
 * last view stays in force and traffic does not need the register.
 */
@ApplicationScoped
public class Readiness {

    private final RegisterWatcher registers;
    private final GatewayConnections gateways;

    public Readiness(RegisterWatcher registers, GatewayConnections gateways) {
        this.registers = registers;
        this.gateways = gateways;
    }

    public boolean registerViewReceived() {
        return registers.hasView();
    }

    public boolean gatewaysOpen() {
        return gateways.all().stream().allMatch(GatewayConnection::isOpen);
    }

    public boolean ready() {
        return registerViewReceived() && gatewaysOpen();
    }
}
