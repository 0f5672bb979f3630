package io.gatewayworker.worker.push.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.security.PushApi;

/** A message to every connected client. */
@PushApi
@Path("/api/v1/broadcast")
@Tag(name = "broadcast")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BroadcastResource {

    private final Gateway gateway;
    private final PushRequests requests;

    public BroadcastResource(Gateway gateway, PushRequests requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    @POST
    @ResponseStatus(202)
    @Operation(summary = "Send a message to every connected client but the excluded ones", description = "Gateway.sendToAll")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped)")
    @APIResponse(responseCode = "400", description = "Invalid body or malformed excluded client id")
    @APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
    public void broadcast(MessageRequest body) {
        String[] exclude = requests.exclude(body).toArray(String[]::new);
        requests.message(body, false, true).send(text -> gateway.sendToAll(text, exclude),
                bytes -> gateway.sendToAll(bytes, exclude));
    }
}
