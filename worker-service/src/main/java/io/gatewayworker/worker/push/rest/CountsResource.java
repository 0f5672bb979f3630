package io.gatewayworker.worker.push.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.NamesRequest;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Cluster-wide counts. Each is partial when a gateway did not answer (it then counts only the others).
 * <p>
 * {@code GET /counts/groups/uids} (every group's uid count) wins over {@code GET /counts/groups/{group}}:
 * the member count of a group named {@code uids} is {@code POST /counts/groups} with
 * {@code {"to":["uids"]}}, which no group name can shadow.
 */
@PushApi
@Path("/api/v1/counts")
@Tag(name = "counts")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
// Every count is a Uni: nothing here blocks, so no request holds a worker thread for up to the query timeout.
@NonBlocking
public class CountsResource {

    private final Gateway gateway;
    private final PushRequests requests;

    public CountsResource(Gateway gateway, PushRequests requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    @GET
    @Path("/clients")
    @Operation(summary = "Connected clients", description = "Gateway.getAllClientCount")
    public Uni<QueryResponse<Long>> clients() {
        return gateway.async().getAllClientCount().map(QueryResponse::of);
    }

    @GET
    @Path("/groups")
    @Operation(summary = "Every group with its number of members", description = "Gateway.getAllGroupClientIdCount")
    public Uni<QueryResponse<Map<String, Long>>> groups() {
        return gateway.async().getAllGroupClientCount().map(QueryResponse::of);
    }

    @POST
    @Path("/groups")
    @Operation(summary = "The groups in 'to' with their number of members (0 when none)",
            description = "Gateway.batchGetClientCountByGroup; the same shape as GET, restricted to 'to'")
    @APIResponse(responseCode = "400", description = "'to' missing, empty, or naming an empty group")
    public Uni<QueryResponse<Map<String, Long>>> batchGroups(NamesRequest body) {
        return gateway.async().batchGetClientCountByGroup(requests.names(body, "group")).map(QueryResponse::of);
    }

    @GET
    @Path("/groups/uids")
    @Operation(summary = "Every group in which a member is bound to a uid, with its number of distinct uids",
            description = "Gateway.getAllGroupUidCount")
    public Uni<QueryResponse<Map<String, Long>>> groupsUids() {
        return gateway.async().getAllGroupUidCount().map(QueryResponse::of);
    }

    @GET
    @Path("/groups/{group}")
    @Operation(summary = "Members of a group", description = "Gateway.getClientCountByGroup")
    public Uni<QueryResponse<Long>> group(@PathParam("group") String group) {
        return gateway.async().getClientCountByGroup(group).map(QueryResponse::of);
    }

    @GET
    @Path("/groups/{group}/uids")
    @Operation(summary = "Distinct uids bound by a group's members", description = "Gateway.getUidCountByGroup")
    public Uni<QueryResponse<Long>> groupUids(@PathParam("group") String group) {
        return gateway.async().getUidCountByGroup(group).map(QueryResponse::of);
    }

    @GET
    @Path("/uids")
    @Operation(summary = "Distinct uids bound by connected clients", description = "Gateway.getAllUidCount")
    public Uni<QueryResponse<Long>> uids() {
        return gateway.async().getAllUidCount().map(QueryResponse::of);
    }

    @GET
    @Path("/uids/{uid}")
    @Operation(summary = "Connections bound to the uid", description = "Gateway.getClientCountByUid")
    public Uni<QueryResponse<Long>> uid(@PathParam("uid") String uid) {
        return gateway.async().getClientCountByUid(uid).map(QueryResponse::of);
    }
}
