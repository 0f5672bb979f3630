package io.gatewayworker.worker.push.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.ErrorBody;
import io.gatewayworker.worker.push.model.QueryResponse;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** One client's session: read, replace, update. */
@PushApi
@Path("/api/v1/clients/{id}/session")
@Tag(name = "sessions")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed client id or body not a JSON object")
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
@APIResponse(responseCode = "503", description = "The client's gateway is not reachable")
// Writes only queue and the read is a Uni: nothing here blocks, so no request holds a worker thread.
@NonBlocking
public class SessionsResource {

    private final Gateway gateway;

    public SessionsResource(Gateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Operation(summary = "The client's session", description = "Gateway.getSession")
    @APIResponse(responseCode = "200", description = "'value' is the session object")
    @APIResponse(responseCode = "404", description = "The client is not connected")
    public Uni<Response> get(@PathParam("id") String clientId) {
        return gateway.async().getSession(clientId).map(session -> session
                .map(values -> Response.ok(QueryResponse.complete(values)))
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(new ErrorBody("client " + clientId + " is not connected", null)))
                .build());
    }

    @PUT
    @ResponseStatus(202)
    @Operation(summary = "Replace the client's session with the body's values", description = "Gateway.setSession")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    public void replace(@PathParam("id") String clientId, Map<String, Object> values) {
        gateway.setSession(clientId, required(values));
    }

    @PATCH
    @ResponseStatus(202)
    @Operation(summary = "Add or overwrite the body's values, keeping the others", description = "Gateway.updateSession")
    @APIResponse(responseCode = "202", description = "Queued on the client's gateway")
    public void update(@PathParam("id") String clientId, Map<String, Object> values) {
        gateway.updateSession(clientId, required(values));
    }

    private static Map<String, Object> required(Map<String, Object> values) {
        if (values == null) {
            throw new IllegalArgumentException("request body is required: a JSON object of session values");
        }
        return values;
    }
}
