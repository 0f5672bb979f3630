package io.gatewayworker.register.membership;

import java.util.List;

/**
 * One message of a watch: the full membership, or one change.
 *
 * @param version the change counter of this register instance: +1 per change; a FULL view carries
 *        the version of the last change it includes (0 before any), so the next change a watcher
 *        receives is {@code version + 1}
 * @param registerId the register instance that produced the view
 */
public record View(ViewKind kind, List<Gateway> gateways, long version, String registerId) {

    public View {
        gateways = List.copyOf(gateways);
    }
}
