package io.gatewayworker.gateway.state;

/**
 * A session write refused because the session would pass {@code gateway.session.max-bytes}; the
 * session is left as it was. Workers get it back as a LIMIT_EXCEEDED command error.
 */
public final class SessionTooLargeException extends RuntimeException {

    public SessionTooLargeException(int size, int maxBytes) {
        super("session would be " + size + " bytes, over the limit of " + maxBytes
                + " (gateway.session.max-bytes); the write was refused and the session left as it was", null, false,
                false);
    }
}
