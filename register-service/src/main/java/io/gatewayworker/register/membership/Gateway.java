package io.gatewayworker.register.membership;

import java.util.Map;

/**
 * One member of the cluster as the register sees it: an immutable snapshot, replaced (never
 * mutated) when the gateway reports a new load.
 *
 * @param id the gateway's instance id (encoded in every client id it hands out)
 * @param address host:port of the gateway's internal gRPC server, as workers reach it
 * @param labels free-form operator labels (zone, version, pod); never used for routing
 * @param joinedAtMs when the register accepted the member, epoch milliseconds (register's clock)
 * @param load what the gateway last reported
 */
public record Gateway(String id, String address, Map<String, String> labels, long joinedAtMs, Load load) {

    public Gateway {
        labels = Map.copyOf(labels);
    }

    /** What a gateway announces: the register sets the join time and the load starts empty. */
    public static Gateway announced(String id, String address, Map<String, String> labels) {
        return new Gateway(id, address, labels, 0, Load.NONE);
    }

    Gateway joinedAt(long epochMs) {
        return new Gateway(id, address, labels, epochMs, load);
    }

    Gateway withLoad(Load newLoad) {
        return new Gateway(id, address, labels, joinedAtMs, newLoad);
    }
}
