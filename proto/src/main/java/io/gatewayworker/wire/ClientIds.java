package io.gatewayworker.wire;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads client ids and checks names: a client id is the owning gateway's 12-hex-character instance id
 * followed by that gateway's connection sequence in hex (gateway.proto), so a sender routes by id
 * without a lookup. Workers and the gateway client apply the same rules through this class.
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
                    + "' (expected 13 to 28 lowercase hex characters, as the gateway assigned it)");
        }
        return clientId;
    }

    /**
     * A group or uid: any non-empty string (GatewayWorker rejects "0"; we do not).
     *
     * @throws IllegalArgumentException when {@code name} is null or empty
     */
    public static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
        return name;
    }

    /**
     * The distinct names, in their first order, each checked with {@link #requireName}.
     *
     * @throws IllegalArgumentException when {@code names} is null or holds a null or empty name
     */
    public static Set<String> distinctNames(Collection<String> names, String what) {
        if (names == null) {
            throw new IllegalArgumentException(what + "s must not be null");
        }
        Set<String> distinct = new LinkedHashSet<>();
        names.forEach(name -> distinct.add(requireName(name, what)));
        return distinct;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
