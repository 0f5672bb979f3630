package io.gatewayworker.worker.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.GatewayQueries;
import io.gatewayworker.wire.GatewayQuery;
import io.gatewayworker.worker.api.AsyncQueries;
import io.gatewayworker.worker.api.ClientInfo;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;
import io.gatewayworker.worker.session.SessionCodec;
import io.smallrye.mutiny.Uni;

/**
 * Every query of the Gateway API as a {@code Uni}: one Query (gateway.proto) to the owning gateway
 * for a question about one client, or to every gateway for the others, merged as
 * {@link GatewayQueries} defines (the gateway client merges the same way).
 */
final class UniQueries implements AsyncQueries {

    private final GatewayConnections connections;
    private final QueryRunner runner;
    private final SessionCodec codec;

    UniQueries(GatewayConnections connections, QueryRunner runner, SessionCodec codec) {
        this.connections = connections;
        this.runner = runner;
        this.codec = codec;
    }

    // ------------------------------------------------------------------ one client

    @Override
    public Uni<Boolean> isOnline(String clientId) {
        return ask(clientId, ClientQuery.newBuilder().setCountOnly(true))
                .map(result -> result.map(answer -> answer.getClients().getCount() > 0).orElse(false));
    }

    @Override
    public Uni<Optional<Map<String, Object>>> getSession(String clientId) {
        return ask(clientId, ClientQuery.newBuilder().setWithSession(true))
                .map(result -> record(result).map(client -> codec.readOnly(client.getSession().getValuesMap())));
    }

    @Override
    public Uni<Optional<String>> getUidByClientId(String clientId) {
        return ask(clientId, ClientQuery.newBuilder().setWithUid(true))
                .map(result -> record(result).map(ClientRecord::getUid).filter(uid -> !uid.isEmpty()));
    }

    /** Asks the owner of one client about it; empty when the owner has left the view (the client is gone). */
    private Uni<Optional<QueryResult>> ask(String clientId, ClientQuery.Builder query) {
        String gatewayId = ClientIds.gatewayOf(clientId);
        Query request = GatewayQueries.aboutClient(clientId, query);
        return Uni.createFrom().deferred(() -> {
            Optional<GatewayConnection> owner = connections.byId(gatewayId);
            return owner.isEmpty() ? Uni.createFrom().item(Optional.<QueryResult>empty())
                    : runner.one(owner.get(), request).map(Optional::of);
        });
    }

    private static Optional<ClientRecord> record(Optional<QueryResult> result) {
        return result.map(GatewayQueries::recordOf);
    }

    // ------------------------------------------------------------------ everyone

    @Override
    public Uni<ClusterResult<Long>> getAllClientCount() {
        return runner.all("getAllClientCount", GatewayQueries.count(GatewayQueries.everyone()));
    }

    @Override
    public Uni<ClusterResult<List<String>>> getAllClientIdList() {
        return runner.all("getAllClientIdList", GatewayQueries.clientIds(GatewayQueries.everyone()));
    }

    @Override
    public Uni<ClusterResult<Map<String, Map<String, Object>>>> getAllClientSessions() {
        return runner.all("getAllClientSessions", GatewayQueries.sessions(GatewayQueries.everyone(), codec::readOnly));
    }

    // ------------------------------------------------------------------ one group

    @Override
    public Uni<ClusterResult<Long>> getClientCountByGroup(String group) {
        return runner.all("getClientCountByGroup", GatewayQueries.count(GatewayQueries.group(group)));
    }

    @Override
    public Uni<ClusterResult<List<String>>> getClientIdListByGroup(String group) {
        return runner.all("getClientIdListByGroup", GatewayQueries.clientIds(GatewayQueries.group(group)));
    }

    @Override
    public Uni<ClusterResult<Map<String, Map<String, Object>>>> getClientSessionsByGroup(String group) {
        return runner.all("getClientSessionsByGroup", GatewayQueries.sessions(GatewayQueries.group(group), codec::readOnly));
    }

    @Override
    public Uni<ClusterResult<Map<String, ClientInfo>>> getClientInfoByGroup(String group) {
        ClientQuery.Builder query = ClientQuery.newBuilder().setTarget(GatewayQueries.group(group))
                .setWithUid(true).setWithGroups(true).setWithSession(true);
        return runner.all("getClientInfoByGroup", GatewayQueries.records(query, client -> new ClientInfo(
                client.getClientId(), Optional.of(client.getUid()).filter(uid -> !uid.isEmpty()),
                Set.copyOf(client.getGroupsList()), codec.readOnly(client.getSession().getValuesMap()))));
    }

    @Override
    public Uni<ClusterResult<Set<String>>> getUidListByGroup(String group) {
        return runner.all("getUidListByGroup", GatewayQueries.uidsOfGroup(group));
    }

    @Override
    public Uni<ClusterResult<Long>> getUidCountByGroup(String group) {
        return runner.all("getUidCountByGroup", size(GatewayQueries.uidsOfGroup(group)));
    }

    // ------------------------------------------------------------------ every group

    @Override
    public Uni<ClusterResult<Set<String>>> getAllGroupIdList() {
        return runner.all("getAllGroupIdList", GatewayQueries.allGroups());
    }

    @Override
    public Uni<ClusterResult<Map<String, Long>>> getAllGroupClientCount() {
        return runner.all("getAllGroupClientCount", GatewayQueries.allGroupCounts());
    }

    @Override
    public Uni<ClusterResult<Map<String, List<String>>>> getAllGroupClientIdList() {
        return runner.all("getAllGroupClientIdList", GatewayQueries.allGroupClientIds());
    }

    @Override
    public Uni<ClusterResult<Map<String, Set<String>>>> getAllGroupUidList() {
        return runner.all("getAllGroupUidList", GatewayQueries.allGroupUids());
    }

    @Override
    public Uni<ClusterResult<Map<String, Long>>> getAllGroupUidCount() {
        return runner.all("getAllGroupUidCount", GatewayQueries.allGroupUidCounts());
    }

    @Override
    public Uni<ClusterResult<Map<String, Long>>> batchGetClientCountByGroup(Collection<String> groups) {
        return runner.all("batchGetClientCountByGroup", GatewayQueries.countsByGroup(groups));
    }

    // ------------------------------------------------------------------ uids

    @Override
    public Uni<ClusterResult<Long>> getClientCountByUid(String uid) {
        return runner.all("getClientCountByUid", GatewayQueries.count(GatewayQueries.uid(uid)));
    }

    @Override
    public Uni<ClusterResult<List<String>>> getClientIdByUid(String uid) {
        return runner.all("getClientIdByUid", GatewayQueries.clientIds(GatewayQueries.uid(uid)));
    }

    @Override
    public Uni<ClusterResult<Boolean>> isUidOnline(String uid) {
        return runner.all("isUidOnline", GatewayQueries.count(GatewayQueries.uid(uid)).map(count -> count > 0));
    }

    @Override
    public Uni<ClusterResult<Set<String>>> getAllUidList() {
        return runner.all("getAllUidList", GatewayQueries.allUids());
    }

    @Override
    public Uni<ClusterResult<Long>> getAllUidCount() {
        return runner.all("getAllUidCount", size(GatewayQueries.allUids()));
    }

    @Override
    public Uni<ClusterResult<Map<String, List<String>>>> batchGetClientIdByUid(Collection<String> uids) {
        return runner.all("batchGetClientIdByUid", GatewayQueries.clientIdsByUid(uids));
    }

    @Override
    public Uni<ClusterResult<Map<String, Boolean>>> isUidsOnline(Collection<String> uids) {
        return runner.all("isUidsOnline", GatewayQueries.uidsOnline(uids));
    }

    private static GatewayQuery<Long> size(GatewayQuery<? extends Collection<?>> query) {
        return query.map(values -> (long) values.size());
    }
}
