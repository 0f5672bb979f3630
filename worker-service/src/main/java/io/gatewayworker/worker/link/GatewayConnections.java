package io.gatewayworker.worker.link;

import java.util.Collection;
import java.util.Optional;

/** Every gateway this worker knows from the register, with its stream. */
public interface GatewayConnections {

    /** The connection to the gateway with this instance id, if the gateway is in the view. */
    Optional<GatewayConnection> byId(String gatewayId);

    /** Every gateway in the current view, open or (re)connecting. */
    Collection<GatewayConnection> all();
}
