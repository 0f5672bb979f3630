package io.gatewayworker.worker.cluster;

import java.util.regex.Pattern;

/**
 * Reads client ids: the owning gateway's 12-hex-character instance id followed by that gateway's
 * connection sequence in hex (gateway.proto), so a worker routes by id without a lookup.
 */
public final class ClientIds {

    /** Length of a gateway instance id, the prefix of each of its client ids. */
    public static final int GATEWAY_ID_LENGTH = 12;

    private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-f]{13,28}");

    private ClientIds() {
    }

    /**
     * The id of the gateway owning the client.
     *
     * @throws IllegalArgumentException when {@code clientId} is not a client id
     */
    public static String gatewayOf(String clientId) {
        requireValid(clientId);
        return clientId.substring(0, GATEWAY_ID_LENGTH);
    }

    /** @throws IllegalArgumentException when {@code clientId} is not a client id */
    public static String requireValid(String clientId) {
        if (clientId == null) {
            throw new IllegalArgumentException("client id is null");
        }
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("not a client id: '" + abbreviate(clientId)
                    + "' (expected 13 to 28 lowercase hex characters, as ClientContext.clientId() gives)");
        }
        return clientId;
    }

    /** @throws IllegalArgumentException when {@code name} (a group or uid) is null or empty */
    public static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
        return name;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
