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

import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.Blocking;
import io.gatewayworker.worker.api.ClientInfo;

/** Messages to groups, group membership, and queries about groups. */
@PushApi
@Path("/api/v1/groups")
@Tag(name = "groups")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed client id or invalid body; the reason is in 'error'")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
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
        String[] exclude = requests.exclude(body).toArray(String[]::new);
        requests.message(body, false, true).send(text -> gateway.sendToGroup(group, text, exclude),
                bytes -> gateway.sendToGroup(group, bytes, exclude));
    }

    @POST
    @Path("/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to the members of the groups in 'to' (each once) but the excluded ones",
            description = "Gateway.sendToGroups")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    public void sendToGroups(MessageRequest body) {
        List<String> groups = requests.recipients(body, "group");
        List<String> exclude = requests.exclude(body);
        requests.message(body, true, true).send(text -> gateway.sendToGroups(groups, text, exclude),
                bytes -> gateway.sendToGroups(groups, bytes, exclude));
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
    @Blocking
    @Operation(summary = "Every group with at least one member", description = "Gateway.getAllGroupIdList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<Set<String>> groups() {
        return QueryResponse.of(gateway.queries().getAllGroupIdList());
    }

    @GET
    @Path("/{group}/clients")
    @Blocking
    @Operation(summary = "Ids of a group's members", description = "Gateway.getClientIdListByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<List<String>> clientIds(@PathParam("group") String group) {
        return QueryResponse.of(gateway.queries().getClientIdListByGroup(group));
    }

    @GET
    @Path("/{group}/sessions")
    @Blocking
    @Operation(summary = "A group's members' sessions, by client id", description = "Gateway.getClientSessionsByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<Map<String, Map<String, Object>>> sessions(@PathParam("group") String group) {
        return QueryResponse.of(gateway.queries().getClientSessionsByGroup(group));
    }

    @GET
    @Path("/{group}/members")
    @Blocking
    @Operation(summary = "A group's members with their uid, groups and session, by client id",
            description = "Gateway.getClientInfoByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<Map<String, ClientInfo>> members(@PathParam("group") String group) {
        return QueryResponse.of(gateway.queries().getClientInfoByGroup(group));
    }

    @GET
    @Path("/{group}/uids")
    @Blocking
    @Operation(summary = "The distinct uids bound by a group's members", description = "Gateway.getUidListByGroup")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<Set<String>> uids(@PathParam("group") String group) {
        return QueryResponse.of(gateway.queries().getUidListByGroup(group));
    }
}
