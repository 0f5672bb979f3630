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

import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.CloseRequest;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.Blocking;

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
        requests.message(body).send(text -> gateway.sendToClient(clientId, text),
                bytes -> gateway.sendToClient(clientId, bytes));
    }

    @POST
    @Path("/messages")
    @ResponseStatus(202)
    @Operation(summary = "Send a message to each of the clients in 'to'", description = "Gateway.sendToClients")
    @APIResponse(responseCode = "202", description = "Queued on the clients' gateways")
    @APIResponse(responseCode = "503", description = "A gateway is not reachable: its clients were skipped,"
            + " the others' clients were sent the message")
    public void sendToClients(MessageRequest body) {
        List<String> clientIds = requests.recipients(body, "client id");
        requests.message(body, true, false).send(text -> gateway.sendToClients(clientIds, text),
                bytes -> gateway.sendToClients(clientIds, bytes));
    }

    @POST
    @Path("/{id}/close")
    @ResponseStatus(202)
    @Operation(summary = "Close a client's connection",
            description = "Gateway.closeClient (with 'message': closeClient(id, message)); 'destroy': destroyClient."
                    + " The body is optional.")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    @APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
    public void close(@PathParam("id") String clientId, CloseRequest body) {
        boolean destroy = body != null && Boolean.TRUE.equals(body.destroy());
        String message = body == null ? null : body.message();
        if (destroy && message != null) {
            throw new IllegalArgumentException("'destroy' drops output, so it cannot send a last 'message'");
        }
        if (destroy) {
            gateway.destroyClient(clientId);
        } else if (message != null) {
            gateway.closeClient(clientId, message);
        } else {
            gateway.closeClient(clientId);
        }
    }

    @GET
    @Blocking
    @Operation(summary = "Ids of every connected client", description = "Gateway.getAllClientIdList")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<List<String>> clientIds() {
        return QueryResponse.of(gateway.queries().getAllClientIdList());
    }

    @GET
    @Path("/sessions")
    @Blocking
    @Operation(summary = "Every connected client's session, by client id", description = "Gateway.getAllClientSessions")
    @APIResponse(responseCode = "200", description = "Merged answer; 'partial' names gateways that did not answer")
    public QueryResponse<Map<String, Map<String, Object>>> sessions() {
        return QueryResponse.of(gateway.queries().getAllClientSessions());
    }

    @GET
    @Path("/{id}/online")
    @Blocking
    @Operation(summary = "Whether the client is connected", description = "Gateway.isOnline")
    @APIResponse(responseCode = "200", description = "'value' is true or false")
    @APIResponse(responseCode = "503", description = "The client's gateway did not answer in time")
    public QueryResponse<Boolean> online(@PathParam("id") String clientId) {
        return QueryResponse.complete(gateway.isOnline(clientId));
    }

    @GET
    @Path("/{id}/uid")
    @Blocking
    @Operation(summary = "The uid the client is bound to", description = "Gateway.getUidByClientId")
    @APIResponse(responseCode = "200", description = "'value' is the uid, or null when none or not connected")
    @APIResponse(responseCode = "503", description = "The client's gateway did not answer in time")
    public QueryResponse<String> uid(@PathParam("id") String clientId) {
        return QueryResponse.complete(gateway.getUidByClientId(clientId).orElse(null));
    }
}
