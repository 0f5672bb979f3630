package io.gatewayworker.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.worker.discovery.RegisterWatcher;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;

/**
 * When this worker is ready: it is watching at least one register (so it learns about gateways that
 * join), and every gateway in the view has an open stream (so it receives every gateway's events).
 * An empty view counts as ready: there is nothing to connect to. During a total register outage the
 * worker keeps its last view and its streams (traffic does not need the register), but reports not
 * ready, because it would miss gateways joining meanwhile.
 */
@ApplicationScoped
public class Readiness {

    private final RegisterWatcher registers;
    private final GatewayConnections gateways;

    public Readiness(RegisterWatcher registers, GatewayConnections gateways) {
        this.registers = registers;
        this.gateways = gateways;
    }

    /** At least one register's watch is open and delivered its FULL view. */
    public boolean watchingRegister() {
        return registers.watchingCount() > 0;
    }

    public boolean gatewaysOpen() {
        return gateways.all().stream().allMatch(GatewayConnection::isOpen);
    }

    public boolean ready() {
        return watchingRegister() && gatewaysOpen();
    }
}
