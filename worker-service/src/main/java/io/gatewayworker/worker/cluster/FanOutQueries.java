package io.gatewayworker.worker.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.worker.api.ClientInfo;
import io.gatewayworker.worker.api.ClusterQueries;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.session.SessionCodec;

/**
 * The cluster-wide queries: each is one Query to every gateway (gateway.proto) and a merge of the
 * answers. Gateways answer only for their own clients, so merging is a sum or a union.
 */
final class FanOutQueries implements ClusterQueries {

    private final QueryRunner runner;
    private final SessionCodec codec;

    FanOutQueries(QueryRunner runner, SessionCodec codec) {
        this.runner = runner;
        this.codec = codec;
    }

    @Override
    public ClusterResult<Long> getAllClientCount() {
        return count("getAllClientCount", Commands.all());
    }

    @Override
    public ClusterResult<List<String>> getAllClientIdList() {
        return clientIds("getAllClientIdList", Commands.all());
    }

    @Override
    public ClusterResult<Map<String, Map<String, Object>>> getAllClientSessions() {
        return sessions("getAllClientSessions", Commands.all());
    }

    @Override
    public ClusterResult<Long> getClientCountByGroup(String group) {
        return count("getClientCountByGroup", group(group));
    }

    @Override
    public ClusterResult<List<String>> getClientIdListByGroup(String group) {
        return clientIds("getClientIdListByGroup", group(group));
    }

    @Override
    public ClusterResult<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group) {
        return sessions("getClientSessionsByGroup", group(group));
    }

    @Override
    public ClusterResult<Map<String, ClientInfo>> getClientInfoByGroup(String group) {
        Target target = group(group);
        QueryRunner.requireBlockingAllowed("getClientInfoByGroup");
        Query query = clients(ClientQuery.newBuilder().setTarget(target).setWithUid(true).setWithGroups(true)
                .setWithSession(true));
        return runner.all(query, LinkedHashMap<String, ClientInfo>::new, (infos, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                infos.put(client.getClientId(), new ClientInfo(client.getClientId(),
                        Optional.of(client.getUid()).filter(uid -> !uid.isEmpty()),
                        Set.copyOf(client.getGroupsList()), codec.readOnly(client.getSession().getValuesMap())));
            }
        }, Collections::unmodifiableMap);
    }

    @Override
    public ClusterResult<Set<String>> getAllGroupIdList() {
        QueryRunner.requireBlockingAllowed("getAllGroupIdList");
        return runner.all(groups(GroupQuery.newBuilder()), LinkedHashSet<String>::new, (names, result) -> {
            for (GroupRecord group : result.getGroups().getGroupsList()) {
                names.add(group.getGroup());
            }
        }, Collections::unmodifiableSet);
    }

    @Override
    public ClusterResult<Map<String, Long>> getAllGroupClientCount() {
        QueryRunner.requireBlockingAllowed("getAllGroupClientCount");
        return runner.all(groups(GroupQuery.newBuilder()), LinkedHashMap<String, Long>::new, (counts, result) -> {
            for (GroupRecord group : result.getGroups().getGroupsList()) {
                counts.merge(group.getGroup(), group.getClientCount(), Long::sum);
            }
        }, Collections::unmodifiableMap);
    }

    @Override
    public ClusterResult<Set<String>> getUidListByGroup(String group) {
        ClientIds.requireName(group, "group");
        QueryRunner.requireBlockingAllowed("getUidListByGroup");
        Query query = groups(GroupQuery.newBuilder().addGroups(group).setWithUids(true));
        return runner.all(query, LinkedHashSet<String>::new, (uids, result) -> {
            for (GroupRecord record : result.getGroups().getGroupsList()) {
                uids.addAll(record.getUidsList());
            }
        }, Collections::unmodifiableSet);
    }

    @Override
    public ClusterResult<Long> getClientCountByUid(String uid) {
        return count("getClientCountByUid", uid(uid));
    }

    @Override
    public ClusterResult<List<String>> getClientIdByUid(String uid) {
        return clientIds("getClientIdByUid", uid(uid));
    }

    @Override
    public ClusterResult<Set<String>> getAllUidList() {
        QueryRunner.requireBlockingAllowed("getAllUidList");
        Query query = clients(ClientQuery.newBuilder().setTarget(Commands.all()).setWithUid(true));
        return runner.all(query, LinkedHashSet<String>::new, (uids, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                if (!client.getUid().isEmpty()) {
                    uids.add(client.getUid());
                }
            }
        }, Collections::unmodifiableSet);
    }

    private ClusterResult<Long> count(String method, Target target) {
        QueryRunner.requireBlockingAllowed(method);
        Query query = clients(ClientQuery.newBuilder().setTarget(target).setCountOnly(true));
        return runner.all(query, AtomicLong::new, (sum, result) -> sum.addAndGet(result.getClients().getCount()),
                AtomicLong::get);
    }

    private ClusterResult<List<String>> clientIds(String method, Target target) {
        QueryRunner.requireBlockingAllowed(method);
        Query query = clients(ClientQuery.newBuilder().setTarget(target));
        return runner.all(query, ArrayList<String>::new, (ids, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                ids.add(client.getClientId());
            }
        }, Collections::unmodifiableList);
    }

    private ClusterResult<Map<String, Map<String, Object>>> sessions(String method, Target target) {
        QueryRunner.requireBlockingAllowed(method);
        Query query = clients(ClientQuery.newBuilder().setTarget(target).setWithSession(true));
        return runner.all(query, LinkedHashMap<String, Map<String, Object>>::new, (sessions, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                sessions.put(client.getClientId(), codec.readOnly(client.getSession().getValuesMap()));
            }
        }, Collections::unmodifiableMap);
    }

    private static Target group(String group) {
        return Commands.groups(List.of(ClientIds.requireName(group, "group")));
    }

    private static Target uid(String uid) {
        return Commands.uids(List.of(ClientIds.requireName(uid, "uid")));
    }

    private static Query clients(ClientQuery.Builder query) {
        return Query.newBuilder().setClients(query).build();
    }

    private static Query groups(GroupQuery.Builder query) {
        return Query.newBuilder().setGroups(query).build();
    }
}
