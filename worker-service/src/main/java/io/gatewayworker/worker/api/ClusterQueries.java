package io.gatewayworker.worker.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-wide queries of {@link Gateway}, answered as {@link ClusterResult}s that name the
 * gateways that did not answer within {@code worker.query-timeout}. Each query asks every gateway in
 * this worker's view at once and waits for all of them (at most the timeout). Blocking: never call
 * them from an event loop ({@link IllegalStateException}).
 */
public interface ClusterQueries {

    ClusterResult<Long> getAllClientCount();

    ClusterResult<List<String>> getAllClientIdList();

    ClusterResult<Map<String, Map<String, Object>>> getAllClientSessions();

    ClusterResult<Long> getClientCountByGroup(String group);

    ClusterResult<List<String>> getClientIdListByGroup(String group);

    ClusterResult<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group);

    ClusterResult<Map<String, ClientInfo>> getClientInfoByGroup(String group);

    ClusterResult<Set<String>> getAllGroupIdList();

    ClusterResult<Map<String, Long>> getAllGroupClientCount();

    ClusterResult<Set<String>> getUidListByGroup(String group);

    ClusterResult<Long> getClientCountByUid(String uid);

    ClusterResult<List<String>> getClientIdByUid(String uid);

    ClusterResult<Set<String>> getAllUidList();
}
