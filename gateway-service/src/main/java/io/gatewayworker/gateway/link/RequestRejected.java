package io.gatewayworker.gateway.link;

import io.gatewayworker.proto.link.CommandError;

/**
 * A command or query this gateway cannot apply, with the code the worker gets back. It fails that
 * one request only, never the stream.
 */
final class RequestRejected extends RuntimeException {

    private final CommandError.Code code;

    private RequestRejected(CommandError.Code code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    static RequestRejected invalid(String reason) {
        return new RequestRejected(CommandError.Code.INVALID_ARGUMENT, reason);
    }

    /** A configured limit refused it (a session or an answer too large). */
    static RequestRejected limit(String reason) {
        return new RequestRejected(CommandError.Code.LIMIT_EXCEEDED, reason);
    }

    static RequestRejected notFound(String clientId) {
        return new RequestRejected(CommandError.Code.CLIENT_NOT_FOUND,
                "client " + clientId + " is not connected to this gateway");
    }

    CommandError.Code code() {
        return code;
    }

    /** Fails unless {@code value} is a non-empty string; {@code what} names it in the reason. */
    static String requireNonEmpty(String value, String what) {
        if (value.isEmpty()) {
            throw invalid(what + " is empty");
        }
        return value;
    }
}
