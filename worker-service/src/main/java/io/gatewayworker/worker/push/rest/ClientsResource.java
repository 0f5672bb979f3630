package io.gatewayworker.worker.push.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.CloseRequest;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** Messages to, closing of, and queries about clients by id. */
@PushApi
@Path("/api/v1/clients")
// SmallRye OpenAPI reads security schemes from resource classes: the push API's is declared here, once.
@SecurityScheme(securitySchemeName = PushApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The token configured as worker.push.token (WORKER_PUSH_TOKEN)")
@Tag(name = "clients")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed client id or invalid body; the reason is in 'error'")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
// Commands only queue and queries are Unis: nothing here blocks, so no request holds a worker thread.
@NonBlocking
public class ClientsResource {

    private final Gateway gateway;
    private final PushRequests requests;

    public ClientsResource(Gateway gateway, PushRequests requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    @POST
    @Path("/{id}/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to one client", description = "Gateway.sendToClient")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable; nothing was sent")
    public void sendToClient(@PathParam("id") String clientId, MessageRequest body) {
        gateway.sendToClient(clientId, requests.message(body));
    }

    @POST
    @Path("/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to each of the clients in 'to' but the excluded ones",
            description = "Gateway.sendToAll(message, clientIds, excludeClientIds)")
    @APIResponse(responseCode = "202", description = "Queued on the clients' gateways")
    @APIResponse(responseCode = "503", description = "A gateway is not reachable: its clients were skipped,"
            + " the others' clients were sent the message")
    public void sendToClients(MessageRequest body) {
        List<String> clientIds = requests.recipients(body, "client id");
        OutboundMessage message = requests.message(body, true, true);
        gateway.sendToAll(message, clientIds, requests.exclude(body));
    }

    @POST
    @Path("/{id}/close")
    @ResponseStatus(202)
    @Operation(summary = "Close a client's connection",
            description = "Gateway.closeClient (with 'message' or 'base64': closeClient(id, message), raw with"
                    + " 'raw'); 'destroy': destroyClient. The body is optional.")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
    public void close(@PathParam("id") String clientId, CloseRequest body) {
        OutboundMessage message = requests.closeMessage(body);
        if (body != null && Boolean.TRUE.equals(body.destroy())) {
            gateway.destroyClient(clientId);
        } else if (message != null) {
            gateway.closeClient(clientId, message);
        } else {
            gateway.closeClient(clientId);
        }
    }

    @GET
    @Operation(summary = "Ids of every connected client", description = "Gateway.getAllClientIdList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<List<String>>> clientIds() {
        return gateway.async().getAllClientIdList().map(QueryResponse::of);
    }

    @GET
    @Path("/sessions")
    @Operation(summary = "Every connected client's session, by client id", description = "Gateway.getAllClientSessions")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public Uni<QueryResponse<Map<String, Map<String, Object>>>> sessions() {
        return gateway.async().getAllClientSessions().map(QueryResponse::of);
    }

    @GET
    @Path("/{id}/online")
    @Operation(summary = "Whether the client is connected", description = "Gateway.isOnline")
    @APIResponse(responseCode = "200", description = "'value' is true or false")
    @APIResponse(responseCode = "503", description = "The client's gateway did not answer in time")
    public Uni<QueryResponse<Boolean>> online(@PathParam("id") String clientId) {
        return gateway.async().isOnline(clientId).map(QueryResponse::complete);
    }

    @GET
    @Path("/{id}/uid")
    @Operation(summary = "The uid the client is bound to", description = "Gateway.getUidByClientId")
    @APIResponse(responseCode = "200", description = "'value' is the uid, or null when none or not connected")
    @APIResponse(responseCode = "503", description = "The client's gateway did not answer in time")
    public Uni<QueryResponse<String>> uid(@PathParam("id") String clientId) {
        return gateway.async().getUidByClientId(clientId).map(uid -> QueryResponse.complete(uid.orElse(null)));
    }
}
