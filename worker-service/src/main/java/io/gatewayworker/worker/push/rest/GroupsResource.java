package io.gatewayworker.worker.push.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.api.ClientInfo;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Messages to groups, group membership, and queries about groups.
 * <p>
 * The literal paths {@code /groups/messages}, {@code /groups/clients} and {@code /groups/uids} win
 * over {@code /groups/{group}}: a group named {@code messages}, {@code clients} or {@code uids} is
 * still reached by every longer path ({@code /groups/clients/clients}, ...), and dissolved with
 * {@code DELETE /groups/{group}} as any other (tested in PushPathsTest).
 */
@PushApi
@Path("/api/v1/groups")
@Tag(name = "groups")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed client id or invalid body; the reason is in 'error'")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
// Commands only queue and queries are Unis: nothing here blocks, so no request holds a worker thread.
@NonBlocking
public class GroupsResource {

    private final Gateway gateway;
    private final PushRequests requests;

    public GroupsResource(Gateway gateway, PushRequests requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    @POST
    @Path("/{group}/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to a group's members but the excluded ones", description = "Gateway.sendToGroup")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    public void sendToGroup(@PathParam("group") String group, MessageRequest body) {
        OutboundMessage message = requests.message(body, false, true);
        gateway.sendToGroup(group, message, requests.exclude(body).toArray(String[]::new));
    }

    @POST
    @Path("/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to the members of the groups in 'to' (each once) but the excluded ones",
            description = "Gateway.sendToGroups")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    public void sendToGroups(MessageRequest body) {
        List<String> groups = requests.recipients(body, "group");
        OutboundMessage message = requests.message(body, true, true);
        gateway.sendToGroups(groups, message, requests.exclude(body));
    }

    @PUT
    @Path("/{group}/clients/{id}")
    @ResponseStatus(202)
    @Operation(summary = "Add a client to a group", description = "Gateway.joinGroup")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
    public void join(@PathParam("group") String group, @PathParam("id") String clientId) {
        gateway.joinGroup(clientId, group);
    }

    @DELETE
    @Path("/{group}/clients/{id}")
    @ResponseStatus(202)
    @Operation(summary = "Remove a client from a group", description = "Gateway.leaveGroup")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
    public void leave(@PathParam("group") String group, @PathParam("id") String clientId) {
        gateway.leaveGroup(clientId, group);
    }

    @DELETE
    @Path("/{group}")
    @ResponseStatus(202)
    @Operation(summary = "Dissolve a group: every member leaves it", description = "Gateway.ungroup")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    public void ungroup(@PathParam("group") String group) {
        gateway.ungroup(group);
    }

    @GET
    @Operation(summary = "Every group with at least one member", description = "Gateway.getAllGroupIdList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Set<String>>> groups() {
        return gateway.async().getAllGroupIdList().map(QueryResponse::of);
    }

    @GET
    @Path("/{group}/clients")
    @Operation(summary = "Ids of a group's members", description = "Gateway.getClientIdListByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<List<String>>> clientIds(@PathParam("group") String group) {
        return gateway.async().getClientIdListByGroup(group).map(QueryResponse::of);
    }

    @GET
    @Path("/{group}/sessions")
    @Operation(summary = "A group's members' sessions, by client id", description = "Gateway.getClientSessionsByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Map<String, Map<String, Object>>>> sessions(@PathParam("group") String group) {
        return gateway.async().getClientSessionsByGroup(group).map(QueryResponse::of);
    }

    @GET
    @Path("/{group}/members")
    @Operation(summary = "A group's members with their uid, groups and session, by client id",
            description = "Gateway.getClientInfoByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Map<String, ClientInfo>>> members(@PathParam("group") String group) {
        return gateway.async().getClientInfoByGroup(group).map(QueryResponse::of);
    }

    @GET
    @Path("/{group}/uids")
    @Operation(summary = "The distinct uids bound by a group's members", description = "Gateway.getUidListByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Set<String>>> uids(@PathParam("group") String group) {
        return gateway.async().getUidListByGroup(group).map(QueryResponse::of);
    }

    @GET
    @Path("/clients")
    @Operation(summary = "Every group with its members' ids", description = "Gateway.getAllGroupClientIdList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Map<String, List<String>>>> allClientIds() {
        return gateway.async().getAllGroupClientIdList().map(QueryResponse::of);
    }

    @GET
    @Path("/uids")
    @Operation(summary = "Every group in which a member is bound to a uid, with its members' distinct uids",
            description = "Gateway.getAllGroupUidList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Map<String, Set<String>>>> allUids() {
        return gateway.async().getAllGroupUidList().map(QueryResponse::of);
    }
}
