package io.gatewayworker.register.status;

import java.time.Instant;
import java.util.List;

import io.gatewayworker.register.membership.Gateway;

/**
 * The body of GET /status (read by {@code bin/cluster status} and tests).
 *
 * @param service always "register"
 * @param id this register instance's id (as in JoinAccepted and every ClusterView)
 * @param ready as /q/health/ready
 * @param gateways the members, in join order
 * @param watchers watch streams open (workers and push clients)
 */
public record RegisterStatus(String service, String id, boolean ready, List<GatewayEntry> gateways, int watchers) {

    /**
     * One member.
     *
     * @param connections client connections it last reported
     * @param workers worker ids it last reported
     * @param joinedAt when it joined this register, ISO-8601 UTC
     */
    public record GatewayEntry(String id, String address, long connections, List<String> workers, String joinedAt) {

        /** The member as the register holds it, with the load of its last renewal. */
        public static GatewayEntry of(Gateway gateway) {
            return new GatewayEntry(gateway.id(), gateway.address(), gateway.load().connections(),
                    gateway.load().workers(), Instant.ofEpochMilli(gateway.joinedAtMs()).toString());
        }
    }
}
