package io.gatewayworker.client;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the cluster knows of one client (GatewayWorker's {@code getClientInfoByGroup} entry).
 *
 * @param clientId the client's id
 * @param uid      the uid it is bound to, if any
 * @param groups   the groups it is in
 * @param session  its session, values read back from JSON
 */
public record ClientInfo(String clientId, Optional<String> uid, Set<String> groups, Map<String, Object> session) {
}
