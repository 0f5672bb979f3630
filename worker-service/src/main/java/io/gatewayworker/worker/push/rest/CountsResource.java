package io.gatewayworker.worker.push.rest;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.Blocking;

/** Cluster-wide counts. Each is partial when a gateway did not answer (it then counts only the others). */
@PushApi
@Path("/api/v1/counts")
@Tag(name = "counts")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
public class CountsResource {

    private final Gateway gateway;

    public CountsResource(Gateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Path("/clients")
    @Blocking
    @Operation(summary = "Connected clients", description = "Gateway.getAllClientCount")
    public QueryResponse<Long> clients() {
        return QueryResponse.of(gateway.queries().getAllClientCount());
    }

    @GET
    @Path("/groups")
    @Blocking
    @Operation(summary = "Every group with its number of members", description = "Gateway.getAllGroupClientCount")
    public QueryResponse<Map<String, Long>> groups() {
        return QueryResponse.of(gateway.queries().getAllGroupClientCount());
    }

    @GET
    @Path("/groups/{group}")
    @Blocking
    @Operation(summary = "Members of a group", description = "Gateway.getClientCountByGroup")
    public QueryResponse<Long> group(@PathParam("group") String group) {
        return QueryResponse.of(gateway.queries().getClientCountByGroup(group));
    }

    @GET
    @Path("/groups/{group}/uids")
    @Blocking
    @Operation(summary = "Distinct uids bound by a group's members", description = "Gateway.getUidCountByGroup")
    public QueryResponse<Long> groupUids(@PathParam("group") String group) {
        ClusterResult<Set<String>> uids = gateway.queries().getUidListByGroup(group);
        return QueryResponse.of(new ClusterResult<>((long) uids.value().size(), uids.missingGateways()));
    }

    @GET
    @Path("/uids/{uid}")
    @Blocking
    @Operation(summary = "Connections bound to the uid", description = "Gateway.getClientCountByUid")
    public QueryResponse<Long> uid(@PathParam("uid") String uid) {
        return QueryResponse.of(gateway.queries().getClientCountByUid(uid));
    }
}
