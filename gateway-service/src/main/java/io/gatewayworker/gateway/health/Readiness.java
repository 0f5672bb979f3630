package io.gatewayworker.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.discovery.RegisterClient;
import io.gatewayworker.gateway.routing.WorkerRouter;

/**
 * When this gateway should get clients: a register accepted it (so workers can find it) and at least
 * one worker stream takes new clients (so their events go somewhere).
 * <p>
 * Once joined, a register outage does not make it unready: the workers keep their last view and
 * their streams through a total outage (the register is never on the message path), so new clients
 * are served as well as the connected ones; were readiness tied to the register, every gateway would
 * leave its Service while the registers restart. A gateway cut off from the registers alone loses its
 * workers when its lease expires, and with them its readiness.
 */
@ApplicationScoped
public class Readiness {

    private final RegisterClient registers;
    private final WorkerRouter router;

    public Readiness(RegisterClient registers, WorkerRouter router) {
        this.registers = registers;
        this.router = router;
    }

    public boolean registerJoined() {
        return registers.everJoined();
    }

    public boolean workerAttached() {
        return router.hasWorker();
    }

    public boolean ready() {
        return registerJoined() && workerAttached();
    }
}
