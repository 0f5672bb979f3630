package io.gatewayworker.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Target;

/**
 * Every question of GatewayWorker's API about the whole cluster, as a {@link GatewayQuery}: the
 * worker's {@code Gateway} bean and the gateway client ask the same questions and merge the answers
 * the same way. Names are checked here (non-empty; batches de-duplicated) and values are read-only.
 * Session values stay encoded: each caller passes its own decoder.
 */
public final class GatewayQueries {

    private GatewayQueries() {
    }

    // ------------------------------------------------------------------ one client

    /** The question to a client's own gateway about that client ({@code query} says which fields). */
    public static Query aboutClient(String clientId, ClientQuery.Builder query) {
        ClientIds.requireValid(clientId);
        return clients(query.setTarget(Commands.clients(List.of(clientId))));
    }

    /** The client's record in its gateway's answer; null when the gateway does not hold it. */
    public static ClientRecord recordOf(QueryResult answer) {
        return answer.getClients().getClientsCount() > 0 ? answer.getClients().getClients(0) : null;
    }

    // ------------------------------------------------------------------ clients

    /** How many clients match {@code target}. */
    public static GatewayQuery<Long> count(Target target) {
        return GatewayQuery.folding(clients(ClientQuery.newBuilder().setTarget(target).setCountOnly(true)),
                AtomicLong::new, (sum, answer) -> sum.addAndGet(answer.getClients().getCount()), AtomicLong::get);
    }

    /** The ids of the clients matching {@code target}. */
    public static GatewayQuery<List<String>> clientIds(Target target) {
        return GatewayQuery.folding(clients(ClientQuery.newBuilder().setTarget(target)), ArrayList<String>::new,
                (ids, answer) -> answer.getClients().getClientsList().forEach(client -> ids.add(client.getClientId())),
                Collections::unmodifiableList);
    }

    /** Each client matching {@code target} with its session, decoded by {@code decode}. */
    public static <V> GatewayQuery<Map<String, V>> sessions(Target target, Function<Map<String, ByteString>, V> decode) {
        return records(ClientQuery.newBuilder().setTarget(target).setWithSession(true),
                client -> decode.apply(client.getSession().getValuesMap()));
    }

    /**
     * Each client matching {@code query}'s target with what {@code read} makes of its record ({@code query}
     * says which fields the gateways fill in).
     */
    public static <V> GatewayQuery<Map<String, V>> records(ClientQuery.Builder query, Function<ClientRecord, V> read) {
        return GatewayQuery.folding(clients(query), LinkedHashMap<String, V>::new, (records, answer) -> {
            for (ClientRecord client : answer.getClients().getClientsList()) {
                records.put(client.getClientId(), read.apply(client));
            }
        }, Collections::unmodifiableMap);
    }

    /** Every client of the cluster. */
    public static Target everyone() {
        return Commands.all();
    }

    /** The members of one group (checked: non-empty). */
    public static Target group(String group) {
        return Commands.groups(List.of(ClientIds.requireName(group, "group")));
    }

    /** The clients bound to one uid (checked: non-empty). */
    public static Target uid(String uid) {
        return Commands.uids(List.of(ClientIds.requireName(uid, "uid")));
    }

    // ------------------------------------------------------------------ uids

    /** Uids bound by at least one client, each once. */
    public static GatewayQuery<Set<String>> allUids() {
        return GatewayQuery.folding(clients(ClientQuery.newBuilder().setTarget(everyone()).setWithUid(true)),
                LinkedHashSet<String>::new, (uids, answer) -> {
                    for (ClientRecord client : answer.getClients().getClientsList()) {
                        if (!client.getUid().isEmpty()) {
                            uids.add(client.getUid());
                        }
                    }
                }, Collections::unmodifiableSet);
    }

    /** Each asked uid (every one a key, de-duplicated) with the ids of its clients. */
    public static GatewayQuery<Map<String, List<String>>> clientIdsByUid(Collection<String> uids) {
        Set<String> names = ClientIds.distinctNames(uids, "uid");
        if (names.isEmpty()) {
            return GatewayQuery.answered(Map.of());
        }
        Query query = clients(ClientQuery.newBuilder().setTarget(Commands.uids(names)).setWithUid(true));
        return GatewayQuery.folding(query, () -> emptyLists(names), (clients, answer) -> {
            for (ClientRecord client : answer.getClients().getClientsList()) {
                List<String> ids = clients.get(client.getUid());
                if (ids != null) {
                    ids.add(client.getClientId());
                }
            }
        }, GatewayQueries::frozenLists);
    }

    /** Each asked uid with whether any client is bound to it. */
    public static GatewayQuery<Map<String, Boolean>> uidsOnline(Collection<String> uids) {
        return clientIdsByUid(uids).map(clients -> {
            Map<String, Boolean> online = new LinkedHashMap<>();
            clients.forEach((uid, ids) -> online.put(uid, !ids.isEmpty()));
            return Collections.unmodifiableMap(online);
        });
    }

    // ------------------------------------------------------------------ groups

    /** Groups with at least one member, each once. */
    public static GatewayQuery<Set<String>> allGroups() {
        return GatewayQuery.folding(groups(GroupQuery.newBuilder()), LinkedHashSet<String>::new,
                (names, answer) -> answer.getGroups().getGroupsList().forEach(group -> names.add(group.getGroup())),
                Collections::unmodifiableSet);
    }

    /** Every non-empty group with its member count. */
    public static GatewayQuery<Map<String, Long>> allGroupCounts() {
        return groupCounts(GroupQuery.newBuilder(), Set.of());
    }

    /** Each asked group (every one a key, de-duplicated; 0 when empty) with its member count. */
    public static GatewayQuery<Map<String, Long>> countsByGroup(Collection<String> groups) {
        Set<String> names = ClientIds.distinctNames(groups, "group");
        if (names.isEmpty()) {
            return GatewayQuery.answered(Map.of());
        }
        return groupCounts(GroupQuery.newBuilder().addAllGroups(names), names);
    }

    /** Every non-empty group with the ids of its members. */
    public static GatewayQuery<Map<String, List<String>>> allGroupClientIds() {
        return GatewayQuery.folding(groups(GroupQuery.newBuilder().setWithClientIds(true)),
                LinkedHashMap<String, List<String>>::new, (members, answer) -> {
                    for (GroupRecord group : answer.getGroups().getGroupsList()) {
                        members.computeIfAbsent(group.getGroup(), name -> new ArrayList<>())
                                .addAll(group.getClientIdsList());
                    }
                }, GatewayQueries::frozenLists);
    }

    /** Every group with members bound to uids, with those uids (each once). */
    public static GatewayQuery<Map<String, Set<String>>> allGroupUids() {
        return GatewayQuery.folding(groups(GroupQuery.newBuilder().setWithUids(true)),
                LinkedHashMap<String, Set<String>>::new, (uids, answer) -> {
                    for (GroupRecord group : answer.getGroups().getGroupsList()) {
                        if (group.getUidsCount() > 0) {
                            uids.computeIfAbsent(group.getGroup(), name -> new LinkedHashSet<>())
                                    .addAll(group.getUidsList());
                        }
                    }
                }, uids -> {
                    Map<String, Set<String>> frozen = new LinkedHashMap<>();
                    uids.forEach((group, members) -> frozen.put(group, Collections.unmodifiableSet(members)));
                    return Collections.unmodifiableMap(frozen);
                });
    }

    /** Every group with members bound to uids, with how many distinct uids. */
    public static GatewayQuery<Map<String, Long>> allGroupUidCounts() {
        return allGroupUids().map(uids -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            uids.forEach((group, members) -> counts.put(group, (long) members.size()));
            return Collections.unmodifiableMap(counts);
        });
    }

    /** The uids bound by members of one group, each once. */
    public static GatewayQuery<Set<String>> uidsOfGroup(String group) {
        Query query = groups(GroupQuery.newBuilder().addGroups(ClientIds.requireName(group, "group")).setWithUids(true));
        return GatewayQuery.folding(query, LinkedHashSet<String>::new, (uids, answer) -> {
            for (GroupRecord record : answer.getGroups().getGroupsList()) {
                uids.addAll(record.getUidsList());
            }
        }, Collections::unmodifiableSet);
    }

    // ------------------------------------------------------------------ shapes

    private static GatewayQuery<Map<String, Long>> groupCounts(GroupQuery.Builder query, Set<String> asked) {
        return GatewayQuery.folding(groups(query), () -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            asked.forEach(name -> counts.put(name, 0L));
            return counts;
        }, (counts, answer) -> {
            for (GroupRecord group : answer.getGroups().getGroupsList()) {
                counts.merge(group.getGroup(), group.getClientCount(), Long::sum);
            }
        }, Collections::unmodifiableMap);
    }

    private static Map<String, List<String>> emptyLists(Set<String> keys) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        keys.forEach(key -> lists.put(key, new ArrayList<>()));
        return lists;
    }

    private static Map<String, List<String>> frozenLists(Map<String, List<String>> lists) {
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        lists.forEach((key, values) -> frozen.put(key, Collections.unmodifiableList(values)));
        return Collections.unmodifiableMap(frozen);
    }

    private static Query clients(ClientQuery.Builder query) {
        return Query.newBuilder().setClients(query).build();
    }

    private static Query groups(GroupQuery.Builder query) {
        return Query.newBuilder().setGroups(query).build();
    }
}
