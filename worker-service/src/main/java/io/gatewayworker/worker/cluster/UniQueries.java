package io.gatewayworker.worker.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.worker.api.AsyncQueries;
import io.gatewayworker.worker.api.ClientInfo;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;
import io.gatewayworker.worker.session.SessionCodec;
import io.smallrye.mutiny.Uni;

/**
 * Every query of the Gateway API as a {@code Uni}: one Query (gateway.proto) to the owning gateway
 * for a question about one client, or to every gateway for the others, and a merge of the answers.
 * Gateways answer only for their own clients, so merging is a sum or a union.
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
                .map(result -> first(result).map(client -> codec.readOnly(client.getSession().getValuesMap())));
    }

    @Override
    public Uni<Optional<String>> getUidByClientId(String clientId) {
        return ask(clientId, ClientQuery.newBuilder().setWithUid(true))
                .map(result -> first(result).map(ClientRecord::getUid).filter(uid -> !uid.isEmpty()));
    }

    /** Asks the owner of one client about it; empty when the owner has left the view (the client is gone). */
    private Uni<Optional<QueryResult>> ask(String clientId, ClientQuery.Builder query) {
        String gatewayId = ClientIds.gatewayOf(clientId);
        Query request = Query.newBuilder().setClients(query.setTarget(Commands.clients(List.of(clientId)))).build();
        return Uni.createFrom().deferred(() -> {
            Optional<GatewayConnection> owner = connections.byId(gatewayId);
            return owner.isEmpty() ? Uni.createFrom().item(Optional.<QueryResult>empty())
                    : runner.one(owner.get(), request).map(Optional::of);
        });
    }

    private static Optional<ClientRecord> first(Optional<QueryResult> result) {
        return result.filter(answer -> answer.getClients().getClientsCount() > 0)
                .map(answer -> answer.getClients().getClients(0));
    }

    // ------------------------------------------------------------------ everyone

    @Override
    public Uni<ClusterResult<Long>> getAllClientCount() {
        return count("getAllClientCount", Commands.all());
    }

    @Override
    public Uni<ClusterResult<List<String>>> getAllClientIdList() {
        return clientIds("getAllClientIdList", Commands.all());
    }

    @Override
    public Uni<ClusterResult<Map<String, Map<String, Object>>>> getAllClientSessions() {
        return sessions("getAllClientSessions", Commands.all());
    }

    // ------------------------------------------------------------------ one group

    @Override
    public Uni<ClusterResult<Long>> getClientCountByGroup(String group) {
        return count("getClientCountByGroup", group(group));
    }

    @Override
    public Uni<ClusterResult<List<String>>> getClientIdListByGroup(String group) {
        return clientIds("getClientIdListByGroup", group(group));
    }

    @Override
    public Uni<ClusterResult<Map<String, Map<String, Object>>>> getClientSessionsByGroup(String group) {
        return sessions("getClientSessionsByGroup", group(group));
    }

    @Override
    public Uni<ClusterResult<Map<String, ClientInfo>>> getClientInfoByGroup(String group) {
        Query query = clients(ClientQuery.newBuilder().setTarget(group(group)).setWithUid(true).setWithGroups(true)
                .setWithSession(true));
        return runner.all("getClientInfoByGroup", query, LinkedHashMap<String, ClientInfo>::new, (infos, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                infos.put(client.getClientId(), new ClientInfo(client.getClientId(),
                        Optional.of(client.getUid()).filter(uid -> !uid.isEmpty()),
                        Set.copyOf(client.getGroupsList()), codec.readOnly(client.getSession().getValuesMap())));
            }
        }, Collections::unmodifiableMap);
    }

    @Override
    public Uni<ClusterResult<Set<String>>> getUidListByGroup(String group) {
        Query query = groups(GroupQuery.newBuilder().addGroups(ClientIds.requireName(group, "group")).setWithUids(true));
        return runner.all("getUidListByGroup", query, LinkedHashSet<String>::new, (uids, result) -> {
            for (GroupRecord record : result.getGroups().getGroupsList()) {
                uids.addAll(record.getUidsList());
            }
        }, Collections::unmodifiableSet);
    }

    @Override
    public Uni<ClusterResult<Long>> getUidCountByGroup(String group) {
        return getUidListByGroup(group).map(size());
    }

    // ------------------------------------------------------------------ every group

    @Override
    public Uni<ClusterResult<Set<String>>> getAllGroupIdList() {
        return runner.all("getAllGroupIdList", groups(GroupQuery.newBuilder()), LinkedHashSet<String>::new,
                (names, result) -> {
                    for (GroupRecord group : result.getGroups().getGroupsList()) {
                        names.add(group.getGroup());
                    }
                }, Collections::unmodifiableSet);
    }

    @Override
    public Uni<ClusterResult<Map<String, Long>>> getAllGroupClientCount() {
        return groupCounts("getAllGroupClientCount", GroupQuery.newBuilder(), new LinkedHashMap<>());
    }

    @Override
    public Uni<ClusterResult<Map<String, List<String>>>> getAllGroupClientIdList() {
        Query query = groups(GroupQuery.newBuilder().setWithClientIds(true));
        return runner.all("getAllGroupClientIdList", query, LinkedHashMap<String, List<String>>::new,
                (members, result) -> {
                    for (GroupRecord group : result.getGroups().getGroupsList()) {
                        members.computeIfAbsent(group.getGroup(), name -> new ArrayList<>())
                                .addAll(group.getClientIdsList());
                    }
                }, UniQueries::frozenLists);
    }

    @Override
    public Uni<ClusterResult<Map<String, Set<String>>>> getAllGroupUidList() {
        Query query = groups(GroupQuery.newBuilder().setWithUids(true));
        return runner.all("getAllGroupUidList", query, LinkedHashMap<String, Set<String>>::new, (uids, result) -> {
            for (GroupRecord group : result.getGroups().getGroupsList()) {
                if (group.getUidsCount() > 0) {
                    uids.computeIfAbsent(group.getGroup(), name -> new LinkedHashSet<>()).addAll(group.getUidsList());
                }
            }
        }, uids -> {
            Map<String, Set<String>> frozen = new LinkedHashMap<>();
            uids.forEach((group, members) -> frozen.put(group, Collections.unmodifiableSet(members)));
            return Collections.unmodifiableMap(frozen);
        });
    }

    @Override
    public Uni<ClusterResult<Map<String, Long>>> getAllGroupUidCount() {
        return getAllGroupUidList().map(result -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            result.value().forEach((group, uids) -> counts.put(group, (long) uids.size()));
            return new ClusterResult<>(Collections.unmodifiableMap(counts), result.missingGateways());
        });
    }

    @Override
    public Uni<ClusterResult<Map<String, Long>>> batchGetClientCountByGroup(Collection<String> groups) {
        Set<String> names = names(groups, "group");
        if (names.isEmpty()) {
            return complete(Map.of());
        }
        Map<String, Long> zeros = new LinkedHashMap<>();
        names.forEach(name -> zeros.put(name, 0L));
        return groupCounts("batchGetClientCountByGroup", GroupQuery.newBuilder().addAllGroups(names), zeros);
    }

    // ------------------------------------------------------------------ uids

    @Override
    public Uni<ClusterResult<Long>> getClientCountByUid(String uid) {
        return count("getClientCountByUid", uid(uid));
    }

    @Override
    public Uni<ClusterResult<List<String>>> getClientIdByUid(String uid) {
        return clientIds("getClientIdByUid", uid(uid));
    }

    @Override
    public Uni<ClusterResult<Boolean>> isUidOnline(String uid) {
        return count("isUidOnline", uid(uid))
                .map(count -> new ClusterResult<>(count.value() > 0, count.missingGateways()));
    }

    @Override
    public Uni<ClusterResult<Set<String>>> getAllUidList() {
        Query query = clients(ClientQuery.newBuilder().setTarget(Commands.all()).setWithUid(true));
        return runner.all("getAllUidList", query, LinkedHashSet<String>::new, (uids, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                if (!client.getUid().isEmpty()) {
                    uids.add(client.getUid());
                }
            }
        }, Collections::unmodifiableSet);
    }

    @Override
    public Uni<ClusterResult<Long>> getAllUidCount() {
        return getAllUidList().map(size());
    }

    @Override
    public Uni<ClusterResult<Map<String, List<String>>>> batchGetClientIdByUid(Collection<String> uids) {
        Set<String> names = names(uids, "uid");
        if (names.isEmpty()) {
            return complete(Map.of());
        }
        return byUid("batchGetClientIdByUid", names);
    }

    @Override
    public Uni<ClusterResult<Map<String, Boolean>>> isUidsOnline(Collection<String> uids) {
        Set<String> names = names(uids, "uid");
        if (names.isEmpty()) {
            return complete(Map.of());
        }
        return byUid("isUidsOnline", names).map(result -> {
            Map<String, Boolean> online = new LinkedHashMap<>();
            result.value().forEach((uid, clients) -> online.put(uid, !clients.isEmpty()));
            return new ClusterResult<>(Collections.unmodifiableMap(online), result.missingGateways());
        });
    }

    /** Each uid with the ids of its connections, every asked uid present. */
    private Uni<ClusterResult<Map<String, List<String>>>> byUid(String method, Set<String> uids) {
        Query query = clients(ClientQuery.newBuilder().setTarget(Commands.uids(uids)).setWithUid(true));
        return runner.all(method, query, () -> {
            Map<String, List<String>> clients = new LinkedHashMap<>();
            uids.forEach(uid -> clients.put(uid, new ArrayList<>()));
            return clients;
        }, (clients, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                List<String> ids = clients.get(client.getUid());
                if (ids != null) {
                    ids.add(client.getClientId());
                }
            }
        }, UniQueries::frozenLists);
    }

    // ------------------------------------------------------------------ shapes

    private Uni<ClusterResult<Long>> count(String method, Target target) {
        Query query = clients(ClientQuery.newBuilder().setTarget(target).setCountOnly(true));
        return runner.all(method, query, AtomicLong::new, (sum, result) -> sum.addAndGet(result.getClients().getCount()),
                AtomicLong::get);
    }

    private Uni<ClusterResult<List<String>>> clientIds(String method, Target target) {
        Query query = clients(ClientQuery.newBuilder().setTarget(target));
        return runner.all(method, query, ArrayList<String>::new, (ids, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                ids.add(client.getClientId());
            }
        }, Collections::unmodifiableList);
    }

    private Uni<ClusterResult<Map<String, Map<String, Object>>>> sessions(String method, Target target) {
        Query query = clients(ClientQuery.newBuilder().setTarget(target).setWithSession(true));
        return runner.all(method, query, LinkedHashMap<String, Map<String, Object>>::new, (sessions, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                sessions.put(client.getClientId(), codec.readOnly(client.getSession().getValuesMap()));
            }
        }, Collections::unmodifiableMap);
    }

    /** Members per group, summed over the gateways, starting from {@code initial} (a fresh map per call). */
    private Uni<ClusterResult<Map<String, Long>>> groupCounts(String method, GroupQuery.Builder query,
            Map<String, Long> initial) {
        return runner.all(method, groups(query), () -> new LinkedHashMap<>(initial), (counts, result) -> {
            for (GroupRecord group : result.getGroups().getGroupsList()) {
                counts.merge(group.getGroup(), group.getClientCount(), Long::sum);
            }
        }, Collections::unmodifiableMap);
    }

    private static <T> Uni<ClusterResult<T>> complete(T value) {
        return Uni.createFrom().item(new ClusterResult<>(value, Set.of()));
    }

    private static <C extends Collection<?>> Function<ClusterResult<C>, ClusterResult<Long>> size() {
        return result -> new ClusterResult<>((long) result.value().size(), result.missingGateways());
    }

    private static Map<String, List<String>> frozenLists(Map<String, List<String>> lists) {
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        lists.forEach((key, values) -> frozen.put(key, Collections.unmodifiableList(values)));
        return Collections.unmodifiableMap(frozen);
    }

    /** The distinct names, each checked. */
    private static Set<String> names(Collection<String> names, String what) {
        if (names == null) {
            throw new IllegalArgumentException(what + "s must not be null");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : names) {
            distinct.add(ClientIds.requireName(name, what));
        }
        return distinct;
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
