package io.gatewayworker.worker.push.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.gatewayworker.worker.push.config.PushConfig;
import io.gatewayworker.worker.push.model.ErrorBody;

/**
 * Lets a push API request through only with {@code Authorization: Bearer <worker.push.token>}. It runs
 * before the body is read and the resource method is called, so a refused request changes nothing.
 */
public class BearerTokenFilter {

    private static final String SCHEME = "Bearer ";

    private final PushConfig config;
    private final byte[] expected;

    public BearerTokenFilter(PushConfig config) {
        this.config = config;
        this.expected = config.token().map(BearerTokenFilter::digest).orElse(null);
    }

    /** @return the refusal, or null to let the request through */
    @PushApi
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (!config.enabled()) {
            return json(Response.Status.NOT_FOUND, "the push API is disabled (worker.push.enabled=false)").build();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return unauthorized("missing bearer token: send 'Authorization: Bearer <worker.push.token>'");
        }
        String presented = header.substring(SCHEME.length()).trim();
        // Compare digests: equal lengths, and MessageDigest.isEqual takes the same time wherever they differ.
        if (expected == null || !MessageDigest.isEqual(expected, digest(presented))) {
            return unauthorized("wrong bearer token");
        }
        return null;
    }

    private static Response unauthorized(String reason) {
        return json(Response.Status.UNAUTHORIZED, reason)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatewayworker-push\"").build();
    }

    private static Response.ResponseBuilder json(Response.Status status, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(reason, null));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
