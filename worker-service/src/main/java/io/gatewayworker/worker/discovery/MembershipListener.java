package io.gatewayworker.worker.discovery;

import java.util.Map;

/** Told every time the merged set of gateways changes. */
@FunctionalInterface
public interface MembershipListener {

    /**
     * @param gateways every gateway in the merged view: instance id -> internal gRPC address
     *                 (immutable); called on the discovery event loop, must return quickly
     */
    void membershipChanged(Map<String, String> gateways);
}
