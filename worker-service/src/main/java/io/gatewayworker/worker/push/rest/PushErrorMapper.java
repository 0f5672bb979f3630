package io.gatewayworker.worker.push.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.gatewayworker.worker.api.GatewayUnreachableException;
import io.gatewayworker.worker.push.model.ErrorBody;

/**
 * Turns what the push API refuses into a status and an {@link ErrorBody}: bad arguments (malformed
 * client ids, empty names, invalid bodies) 400, unreadable JSON 400, an unreachable gateway 503.
 */
public class PushErrorMapper {

    private static final Logger LOG = Logger.getLogger(PushErrorMapper.class);

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return body(400, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unreachable(GatewayUnreachableException e) {
        LOG.debugf("push refused, gateway unreachable: %s", e.getMessage());
        return body(503, e.getMessage(), e.gatewayId());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return body(400, "malformed JSON: " + e.getOriginalMessage(), null);
    }

    /** Also JSON of the wrong shape: this mapper is as specific as Quarkus' own, and wins over it. */
    @ServerExceptionMapper
    public Response wrongJson(MismatchedInputException e) {
        return badJson(e);
    }

    /** Refusals of the REST layer itself (unreadable body, wrong media type, ...) get a reason too. */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        Response response = e.getResponse();
        if (response.getStatus() >= 500 || response.hasEntity()) {
            return response;
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        return body(response.getStatus(), e.getMessage(), null);
    }

    private static Response body(int status, String reason, String gateway) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(reason, gateway)).build();
    }
}
