package io.gatewayworker.worker.status;

import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.discovery.RegisterWatcher;
import io.gatewayworker.worker.health.Readiness;
import io.gatewayworker.worker.link.GatewayConnections;

/** GET /status: this worker at a glance. */
@Path("/status")
public class StatusResource {

    private final WorkerIdentity identity;
    private final Readiness readiness;
    private final RegisterWatcher registers;
    private final GatewayConnections gateways;

    public StatusResource(WorkerIdentity identity, Readiness readiness, RegisterWatcher registers,
            GatewayConnections gateways) {
        this.identity = identity;
        this.readiness = readiness;
        this.registers = registers;
        this.gateways = gateways;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WorkerStatus status() {
        List<WorkerStatus.Gateway> view = gateways.all().stream()
                .map(gateway -> new WorkerStatus.Gateway(gateway.gatewayId(), gateway.address(), gateway.isOpen()))
                .sorted(Comparator.comparing(WorkerStatus.Gateway::id))
                .toList();
        int open = (int) view.stream().filter(WorkerStatus.Gateway::open).count();
        return new WorkerStatus("worker", identity.id(), readiness.ready(), registers.watchingCount(),
                registers.configuredCount(), view.size(), open, view);
    }
}
