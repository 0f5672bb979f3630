package io.gatewayworker.register.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.gatewayworker.register.health.Readiness;
import io.gatewayworker.register.membership.Membership;

/** GET /status: this register at a glance. */
@Path("/status")
public class StatusResource {

    private final Membership membership;
    private final Readiness readiness;

    public StatusResource(Membership membership, Readiness readiness) {
        this.membership = membership;
        this.readiness = readiness;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RegisterStatus status() {
        return new RegisterStatus("register", membership.registerId(), readiness.ready(),
                membership.gateways().stream().map(RegisterStatus.GatewayEntry::of).toList(),
                membership.watcherCount());
    }
}
