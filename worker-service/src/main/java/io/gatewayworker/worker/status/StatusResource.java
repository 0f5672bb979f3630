package io.gatewayworker.worker.status;

import java.util.Comparator;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.health.Readiness;
import io.gatewayworker.worker.link.GatewayConnections;

/** GET /status: this worker at a glance. */
@Path("/status")
public class StatusResource {

    private final WorkerIdentity identity;
    private final Readiness readiness;
    private final GatewayConnections gateways;

    public StatusResource(WorkerIdentity identity, Readiness readiness, GatewayConnections gateways) {
        this.identity = identity;
        this.readiness = readiness;
        this.gateways = gateways;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WorkerStatus status() {
        return new WorkerStatus(identity.id(), readiness.ready(), gateways.all().stream()
                .map(gateway -> new WorkerStatus.Gateway(gateway.gatewayId(), gateway.address(), gateway.isOpen()))
                .sorted(Comparator.comparing(WorkerStatus.Gateway::gatewayId))
                .toList());
    }
}
