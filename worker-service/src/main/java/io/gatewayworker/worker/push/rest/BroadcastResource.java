package io.gatewayworker.worker.push.rest;

import java.util.List;

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

import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.security.PushApi;
import io.smallrye.common.annotation.NonBlocking;

/** A message to every connected client, or to the clients in 'to'; never to the excluded ones. */
@PushApi
@Path("/api/v1/broadcast")
@Tag(name = "broadcast")
@SecurityRequirement(name = PushApiDocs.BEARER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
// A send only queues: it never blocks, so it needs no worker thread.
@NonBlocking
public class BroadcastResource {

    private final Gateway gateway;
    private final PushRequests requests;

    public BroadcastResource(Gateway gateway, PushRequests requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    @POST
    @ResponseStatus(202)
    @Operation(summary = "Send a message to every connected client (or, with 'to', to those client ids) but the"
            + " excluded ones", description = "Gateway.sendToAll(message, clientIds or null, excludeClientIds)")
    @APIResponse(responseCode = "202", description = "Queued on every reachable gateway (unreachable ones are skipped);"
            + " with 'to', on the gateways owning those clients")
    @APIResponse(responseCode = "400", description = "Invalid body or malformed client id")
    @APIResponse(responseCode = "401", description = "Missing or wrong bearer token; nothing was done")
    @APIResponse(responseCode = "503", description = "With 'to': a gateway owning some of them is not reachable;"
            + " its clients were skipped, the others' clients were sent the message")
    public void broadcast(MessageRequest body) {
        OutboundMessage message = requests.message(body, true, true);
        // Without 'to' every client gets it; with 'to' it must name at least one (an empty list is refused
        // rather than read as "everyone" or "no one").
        List<String> clientIds = body.to() == null ? null : requests.recipients(body, "client id");
        gateway.sendToAll(message, clientIds, requests.exclude(body));
    }
}
