package io.gatewayworker.worker.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gatewayworker.worker.api.AsyncQueries;
import io.gatewayworker.worker.api.ClientInfo;
import io.gatewayworker.worker.api.ClusterQueries;
import io.gatewayworker.worker.api.ClusterResult;

/**
 * The blocking cluster-wide queries: the {@code Uni} forms, awaited on the calling thread (never an
 * event loop: {@link QueryRunner#await}).
 */
final class BlockingQueries implements ClusterQueries {

    private final AsyncQueries async;
    private final QueryRunner runner;

    BlockingQueries(AsyncQueries async, QueryRunner runner) {
        this.async = async;
        this.runner = runner;
    }

    @Override
    public ClusterResult<Long> getAllClientCount() {
        return runner.await("getAllClientCount", async.getAllClientCount());
    }

    @Override
    public ClusterResult<List<String>> getAllClientIdList() {
        return runner.await("getAllClientIdList", async.getAllClientIdList());
    }

    @Override
    public ClusterResult<Map<String, Map<String, Object>>> getAllClientSessions() {
        return runner.await("getAllClientSessions", async.getAllClientSessions());
    }

    @Override
    public ClusterResult<Long> getClientCountByGroup(String group) {
        return runner.await("getClientCountByGroup", async.getClientCountByGroup(group));
    }

    @Override
    public ClusterResult<List<String>> getClientIdListByGroup(String group) {
        return runner.await("getClientIdListByGroup", async.getClientIdListByGroup(group));
    }

    @Override
    public ClusterResult<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group) {
        return runner.await("getClientSessionsByGroup", async.getClientSessionsByGroup(group));
    }

    @Override
    public ClusterResult<Map<String, ClientInfo>> getClientInfoByGroup(String group) {
        return runner.await("getClientInfoByGroup", async.getClientInfoByGroup(group));
    }

    @Override
    public ClusterResult<Set<String>> getAllGroupIdList() {
        return runner.await("getAllGroupIdList", async.getAllGroupIdList());
    }

    @Override
    public ClusterResult<Map<String, Long>> getAllGroupClientCount() {
        return runner.await("getAllGroupClientCount", async.getAllGroupClientCount());
    }

    @Override
    public ClusterResult<Set<String>> getUidListByGroup(String group) {
        return runner.await("getUidListByGroup", async.getUidListByGroup(group));
    }

    @Override
    public ClusterResult<Long> getUidCountByGroup(String group) {
        return runner.await("getUidCountByGroup", async.getUidCountByGroup(group));
    }

    @Override
    public ClusterResult<Long> getClientCountByUid(String uid) {
        return runner.await("getClientCountByUid", async.getClientCountByUid(uid));
    }

    @Override
    public ClusterResult<List<String>> getClientIdByUid(String uid) {
        return runner.await("getClientIdByUid", async.getClientIdByUid(uid));
    }

    @Override
    public ClusterResult<Set<String>> getAllUidList() {
        return runner.await("getAllUidList", async.getAllUidList());
    }

    @Override
    public ClusterResult<Long> getAllUidCount() {
        return runner.await("getAllUidCount", async.getAllUidCount());
    }

    @Override
    public ClusterResult<Map<String, List<String>>> getAllGroupClientIdList() {
        return runner.await("getAllGroupClientIdList", async.getAllGroupClientIdList());
    }

    @Override
    public ClusterResult<Map<String, Set<String>>> getAllGroupUidList() {
        return runner.await("getAllGroupUidList", async.getAllGroupUidList());
    }

    @Override
    public ClusterResult<Map<String, Long>> getAllGroupUidCount() {
        return runner.await("getAllGroupUidCount", async.getAllGroupUidCount());
    }

    @Override
    public ClusterResult<Map<String, List<String>>> batchGetClientIdByUid(Collection<String> uids) {
        return runner.await("batchGetClientIdByUid", async.batchGetClientIdByUid(uids));
    }

    @Override
    public ClusterResult<Map<String, Boolean>> isUidsOnline(Collection<String> uids) {
        return runner.await("isUidsOnline", async.isUidsOnline(uids));
    }

    @Override
    public ClusterResult<Map<String, Long>> batchGetClientCountByGroup(Collection<String> groups) {
        return runner.await("batchGetClientCountByGroup", async.batchGetClientCountByGroup(groups));
    }
}
