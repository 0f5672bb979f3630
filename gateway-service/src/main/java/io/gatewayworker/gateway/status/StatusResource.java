package io.gatewayworker.gateway.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.discovery.RegisterClient;
import io.gatewayworker.gateway.health.Readiness;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.routing.WorkerRouter;

/** GET /status: this gateway at a glance. {@code registers} counts the registers it is joined to. */
@Path("/status")
public class StatusResource {

    private final ClientIdGenerator ids;
    private final Readiness readiness;
    private final ConnectionRegistry connections;
    private final WorkerRouter router;
    private final RegisterClient registers;

    public StatusResource(ClientIdGenerator ids, Readiness readiness, ConnectionRegistry connections,
            WorkerRouter router, RegisterClient registers) {
        this.ids = ids;
        this.readiness = readiness;
        this.connections = connections;
        this.router = router;
        this.registers = registers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public GatewayStatus status() {
        return new GatewayStatus("gateway", ids.gatewayId(), readiness.ready(),
                new GatewayStatus.Connections(connections.count(), connections.count(Transport.WEBSOCKET),
                        connections.count(Transport.TCP)),
                router.workerIds().stream().distinct().toList(),
                registers.joinedCount());
    }
}
