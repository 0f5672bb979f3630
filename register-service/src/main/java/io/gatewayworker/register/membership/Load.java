package io.gatewayworker.register.membership;

import java.util.List;

/**
 * What a gateway last reported with its lease renewal.
 *
 * @param connections open client connections
 * @param workers ids of the workers with an open stream to the gateway
 */
public record Load(long connections, List<String> workers) {

    /** Before the first renewal. */
    public static final Load NONE = new Load(0, List.of());

    public Load {
        workers = List.copyOf(workers);
    }
}
