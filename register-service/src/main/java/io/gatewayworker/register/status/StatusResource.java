package io.gatewayworker.register.status;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.gatewayworker.register.health.Readiness;
import io.gatewayworker.register.membership.Membership;

/**
 * GET /status: this register at a glance. GET /cluster: the cluster as this register sees it
 * ({@link ClusterOverview}), as JSON, or with {@code ?format=text} as plain-text tables (what
 * {@code bin/cluster status} prints, so it needs no JSON tool).
 */
@Path("/")
public class StatusResource {

    private final Membership membership;
    private final Readiness readiness;

    public StatusResource(Membership membership, Readiness readiness) {
        this.membership = membership;
        this.readiness = readiness;
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public RegisterStatus status() {
        return new RegisterStatus("register", membership.registerId(), readiness.ready(),
                membership.gateways().stream().map(RegisterStatus.GatewayEntry::of).toList(),
                membership.watcherCount());
    }

    @GET
    @Path("cluster")
    public Response cluster(@QueryParam("format") @DefaultValue("json") String format) {
        ClusterOverview overview = ClusterOverview.of(membership.registerId(), readiness.ready(),
                membership.gateways(), membership.watchers());
        return switch (format) {
            case "json" -> Response.ok(overview, MediaType.APPLICATION_JSON_TYPE).build();
            case "text" -> Response.ok(overview.table(), MediaType.TEXT_PLAIN_TYPE).build();
            default -> Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("format must be json or text, is '" + format + "'\n").build();
        };
    }
}
