package io.gatewayworker.register.status;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.gatewayworker.register.health.Readiness;
import io.gatewayworker.register.membership.Membership;

/**
 * GET /cluster: the cluster as this register sees it ({@link ClusterOverview}), as JSON, or with
 * {@code ?format=text} as plain-text tables (what {@code bin/cluster status} prints, no JSON tool needed).
 */
@Path("/cluster")
public class ClusterResource {

    private final Membership membership;
    private final Readiness readiness;

    public ClusterResource(Membership membership, Readiness readiness) {
        this.membership = membership;
        this.readiness = readiness;
    }

    @GET
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
