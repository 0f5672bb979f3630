package io.gatewayworker.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.discovery.RegisterClient;
import io.gatewayworker.gateway.routing.WorkerRouter;

/**
 * When this gateway should get clients: it is a member of at least one register (so workers can
 * find it) and at least one worker stream takes new clients (so their events go somewhere).
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
        return registers.joinedCount() > 0;
    }

    public boolean workerAttached() {
        return router.hasWorker();
    }

    public boolean ready() {
        return registerJoined() && workerAttached();
    }
}
