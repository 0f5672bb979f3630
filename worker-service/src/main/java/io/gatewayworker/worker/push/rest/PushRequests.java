package io.gatewayworker.worker.push.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.push.config.PushConfig;
import io.gatewayworker.worker.push.model.CloseRequest;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.NamesRequest;

/**
 * Checks push request bodies before anything is sent; every refusal is an
 * {@link IllegalArgumentException} whose message is the reason the caller gets with the 400.
 */
@ApplicationScoped
public class PushRequests {

    private final int maxMessageSize;

    public PushRequests(PushConfig config) {
        this.maxMessageSize = config.maxMessageSize();
    }

    /** The message of a body that must not carry {@code to} or {@code exclude}. */
    public OutboundMessage message(MessageRequest body) {
        return message(body, false, false);
    }

    /**
     * The message of a body (raw when it says {@code "raw":true}), checking that {@code to} and
     * {@code exclude} appear only where allowed.
     */
    public OutboundMessage message(MessageRequest body, boolean toAllowed, boolean excludeAllowed) {
        if (body == null) {
            throw new IllegalArgumentException("request body is required: {\"text\":\"...\"} or {\"base64\":\"...\"}");
        }
        if (!toAllowed && body.to() != null) {
            throw new IllegalArgumentException("'to' is not allowed here: the path names the recipient");
        }
        if (!excludeAllowed && body.exclude() != null) {
            throw new IllegalArgumentException(
                    "'exclude' is only supported by broadcast, /clients/messages and group sends");
        }
        if ((body.text() == null) == (body.base64() == null)) {
            throw new IllegalArgumentException("exactly one of 'text' and 'base64' is required");
        }
        return payload(body.text(), "text", body.base64(), Boolean.TRUE.equals(body.raw()));
    }

    /**
     * The last message of a close, or null for none; refuses a last message with {@code destroy}
     * (a destroy drops output) and {@code raw} without a message.
     */
    public OutboundMessage closeMessage(CloseRequest body) {
        if (body == null) {
            return null;
        }
        boolean hasMessage = body.message() != null || body.base64() != null;
        if (Boolean.TRUE.equals(body.destroy()) && hasMessage) {
            throw new IllegalArgumentException("'destroy' drops output, so it cannot send a last message");
        }
        if (body.message() != null && body.base64() != null) {
            throw new IllegalArgumentException("at most one of 'message' and 'base64' is allowed");
        }
        boolean raw = Boolean.TRUE.equals(body.raw());
        if (!hasMessage) {
            if (raw) {
                throw new IllegalArgumentException("'raw' needs a last 'message' or 'base64'");
            }
            return null;
        }
        return payload(body.message(), "message", body.base64(), raw);
    }

    /** The recipients named in {@code to}: at least one, none empty. */
    public List<String> recipients(MessageRequest body, String what) {
        return names(body == null ? null : body.to(), what);
    }

    /** The uids or groups a batch query names in {@code to}: at least one, none empty. */
    public List<String> names(NamesRequest body, String what) {
        return names(body == null ? null : body.to(), what);
    }

    /** The client ids in {@code exclude}, each well-formed; empty when absent. */
    public List<String> exclude(MessageRequest body) {
        if (body == null || body.exclude() == null) {
            return List.of();
        }
        body.exclude().forEach(clientId -> ClientIds.requireValid(clientId));
        return body.exclude();
    }

    private static List<String> names(List<String> to, String what) {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("'to' must list at least one " + what);
        }
        for (String name : to) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("'to' must not contain an empty " + what);
            }
        }
        return to;
    }

    /** Exactly one of {@code text} and {@code base64} is non-null. */
    private OutboundMessage payload(String text, String textField, String base64, boolean raw) {
        OutboundMessage message;
        if (text != null) {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("'" + textField + "' must not be empty");
            }
            // A UTF-8 char is at most 3 bytes per UTF-16 unit: skip encoding when it surely fits.
            long size = text.length() * 3L <= maxMessageSize ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
            requireSize(size);
            message = OutboundMessage.text(text);
        } else {
            byte[] bytes = decode(base64);
            if (bytes.length == 0) {
                throw new IllegalArgumentException("'base64' must not be empty");
            }
            requireSize(bytes.length);
            message = OutboundMessage.binary(bytes);
        }
        return raw ? message.raw() : message;
    }

    private byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'base64' is not valid base64: " + e.getMessage(), e);
        }
    }

    private void requireSize(long size) {
        if (size > maxMessageSize) {
            throw new IllegalArgumentException("message is " + size + " bytes, more than the "
                    + maxMessageSize + " allowed (worker.push.max-message-size)");
        }
    }
}
