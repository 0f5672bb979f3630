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
import io.gatewayworker.worker.push.model.NamesRequest;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * Messages to uids, uid bindings, and queries about uids.
 * <p>
 * The literal paths {@code /uids/messages}, {@code /uids/clients} and {@code /uids/online} are POSTs
 * and win over {@code /uids/{uid}}; a uid with one of those names is still reached by every longer
 * path ({@code /uids/clients/clients}, ...).
 */
@PushApi
@Path("/api/v1/uids")
@Tag(name = "uids")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed client id or invalid body; the reason is in 'error'")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
// Commands only queue and queries are Unis: nothing here blocks, so no request holds a worker thread.
@NonBlocking
public class UidsResource {

    private final Gateway gateway;
    private final PushRequests requests;

    public UidsResource(Gateway gateway, PushRequests requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    @POST
    @Path("/{uid}/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to every connection bound to the uid", description = "Gateway.sendToUid")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    public void sendToUid(@PathParam("uid") String uid, MessageRequest body) {
        gateway.sendToUid(uid, requests.message(body));
    }

    @POST
    @Path("/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to every connection bound to any uid in 'to' (each once)",
            description = "Gateway.sendToUids")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    public void sendToUids(MessageRequest body) {
        List<String> uids = requests.recipients(body, "uid");
        gateway.sendToUids(uids, requests.message(body, true, false));
    }

    @PUT
    @Path("/{uid}/clients/{id}")
    @ResponseStatus(202)
    @Operation(summary = "Bind a client to the uid (replacing an earlier binding)", description = "Gateway.bindUid")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
    public void bind(@PathParam("uid") String uid, @PathParam("id") String clientId) {
        gateway.bindUid(clientId, uid);
    }

    @DELETE
    @Path("/{uid}/clients/{id}")
    @ResponseStatus(202)
    @Operation(summary = "Remove a client's binding to the uid", description = "Gateway.unbindUid")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
    public void unbind(@PathParam("uid") String uid, @PathParam("id") String clientId) {
        gateway.unbindUid(clientId, uid);
    }

    @GET
    @Operation(summary = "Every uid bound by a connected client", description = "Gateway.getAllUidList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Set<String>>> uids() {
        return gateway.async().getAllUidList().map(QueryResponse::of);
    }

    @GET
    @Path("/{uid}/clients")
    @Operation(summary = "Ids of the connections bound to the uid", description = "Gateway.getClientIdByUid")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<List<String>>> clientIds(@PathParam("uid") String uid) {
        return gateway.async().getClientIdByUid(uid).map(QueryResponse::of);
    }

    @GET
    @Path("/{uid}/online")
    @Operation(summary = "Whether any connection is bound to the uid", description = "Gateway.isUidOnline")
    @APIResponse(responseCode = "200", description = "Merged answer; with 'partial' a false may be wrong")
    public Uni<QueryResponse<Boolean>> online(@PathParam("uid") String uid) {
        return gateway.async().isUidOnline(uid).map(QueryResponse::of);
    }

    @POST
    @Path("/clients")
    @Operation(summary = "For each uid in 'to', the ids of its connections (empty when none)",
            description = "Gateway.batchGetClientIdByUid")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Map<String, List<String>>>> batchClientIds(NamesRequest body) {
        return gateway.async().batchGetClientIdByUid(requests.names(body, "uid")).map(QueryResponse::of);
    }

    @POST
    @Path("/online")
    @Operation(summary = "For each uid in 'to', whether a connection is bound to it", description = "Gateway.isUidsOnline")
    @APIResponse(responseCode = "200", description = "Merged answer; with 'partial' a false may be wrong")
    public Uni<QueryResponse<Map<String, Boolean>>> batchOnline(NamesRequest body) {
        return gateway.async().isUidsOnline(requests.names(body, "uid")).map(QueryResponse::of);
    }
}
