package io.gatewayworker.worker.push.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.worker.cluster.ClientIds;
import io.gatewayworker.worker.push.config.PushConfig;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.OutgoingMessage;

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
    public OutgoingMessage message(MessageRequest body) {
        return message(body, false, false);
    }

    /**
     * The message of a body, checking that {@code to} and {@code exclude} appear only where allowed.
     */
    public OutgoingMessage message(MessageRequest body, boolean toAllowed, boolean excludeAllowed) {
        if (body == null) {
            throw new IllegalArgumentException("request body is required: {\"text\":\"...\"} or {\"base64\":\"...\"}");
        }
        if (!toAllowed && body.to() != null) {
            throw new IllegalArgumentException("'to' is not allowed here: the path names the recipient");
        }
        if (!excludeAllowed && body.exclude() != null) {
            throw new IllegalArgumentException("'exclude' is only supported by broadcast and group sends");
        }
        if ((body.text() == null) == (body.base64() == null)) {
            throw new IllegalArgumentException("exactly one of 'text' and 'base64' is required");
        }
        if (body.text() != null) {
            if (body.text().isEmpty()) {
                throw new IllegalArgumentException("'text' must not be empty");
            }
            // A UTF-8 char is at most 3 bytes per UTF-16 unit: skip encoding when it surely fits.
            long size = body.text().length() * 3L <= maxMessageSize ? 0
                    : body.text().getBytes(StandardCharsets.UTF_8).length;
            requireSize(size);
            return OutgoingMessage.text(body.text());
        }
        byte[] bytes = decode(body.base64());
        if (bytes.length == 0) {
            throw new IllegalArgumentException("'base64' must not be empty");
        }
        requireSize(bytes.length);
        return OutgoingMessage.binary(bytes);
    }

    /** The recipients named in {@code to}: at least one, none empty. */
    public List<String> recipients(MessageRequest body, String what) {
        if (body == null || body.to() == null || body.to().isEmpty()) {
            throw new IllegalArgumentException("'to' must list at least one " + what);
        }
        for (String name : body.to()) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("'to' must not contain an empty " + what);
            }
        }
        return body.to();
    }

    /** The client ids in {@code exclude}, each well-formed; empty when absent. */
    public List<String> exclude(MessageRequest body) {
        if (body == null || body.exclude() == null) {
            return List.of();
        }
        body.exclude().forEach(clientId -> ClientIds.requireValid(clientId));
        return body.exclude();
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
