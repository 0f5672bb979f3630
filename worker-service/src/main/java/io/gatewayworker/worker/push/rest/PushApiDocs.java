package io.gatewayworker.worker.push.rest;

/** Names shared by the push resources' OpenAPI annotations. */
public final class PushApiDocs {

    /** Name of the security scheme every push resource requires (declared on {@link ClientsResource}). */
    public static final String BEARER = "pushToken";

    private PushApiDocs() {
    }
}
