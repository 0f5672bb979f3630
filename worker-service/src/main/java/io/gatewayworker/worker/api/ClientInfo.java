package io.gatewayworker.worker.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a gateway knows about one of its clients at the time of a query.
 *
 * @param clientId the client's id
 * @param uid      the uid bound to the client, if any
 * @param groups   the groups the client is in
 * @param session  the client's session values (read-only)
 */
public record ClientInfo(String clientId, Optional<String> uid, Set<String> groups, Map<String, Object> session) {
}
