package io.gatewayworker.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Target;

/**
 * The cluster-wide queries of {@link GatewayClient}: each asks every gateway once through
 * {@link ClusterCalls} and folds the answers into one value. Each gateway only knows its own clients,
 * so the answers add up; the gateways that gave none stay the result's missing ones, so a partial sum
 * is never mistaken for the whole.
 */
final class QueryMerge {

    private final ClusterCalls calls;

    QueryMerge(ClusterCalls calls) {
        this.calls = calls;
    }

    /** How many clients match the target, summed over the gateways. */
    ClientResult<Long> count(Target target) {
        return merge(clients(ClientQuery.newBuilder().setTarget(target).setCountOnly(true)), AtomicLong::new,
                (sum, result) -> sum.addAndGet(result.getClients().getCount()), AtomicLong::get);
    }

    /** The ids of the clients matching the target. */
    ClientResult<List<String>> clientIds(Target target) {
        return merge(clients(ClientQuery.newBuilder().setTarget(target)), ArrayList<String>::new, (ids, result) -> {
            result.getClients().getClientsList().forEach(client -> ids.add(client.getClientId()));
        }, List::copyOf);
    }

    /** Groups with at least one member on some gateway, each once. */
    ClientResult<Set<String>> groupNames() {
        return merge(Query.newBuilder().setGroups(GroupQuery.newBuilder()).build(), LinkedHashSet<String>::new,
                (names, result) -> result.getGroups().getGroupsList().forEach(group -> names.add(group.getGroup())),
                Collections::unmodifiableSet);
    }

    /** Uids bound by at least one connection, each once. */
    ClientResult<Set<String>> uids() {
        Query query = clients(ClientQuery.newBuilder().setTarget(Wire.all()).setWithUid(true));
        return merge(query, LinkedHashSet<String>::new, (uids, result) -> {
            for (ClientRecord client : result.getClients().getClientsList()) {
                if (!client.getUid().isEmpty()) {
                    uids.add(client.getUid());
                }
            }
        }, Collections::unmodifiableSet);
    }

    /** Each of {@code uids} with the ids of its connections; every asked uid is a key, even without any. */
    ClientResult<Map<String, List<String>>> clientIdsByUid(Set<String> uids) {
        if (uids.isEmpty()) {
            // Nothing to ask: no gateway needs calling, and none can be missing.
            return ClientResult.complete(Map.of());
        }
        Query query = clients(ClientQuery.newBuilder().setTarget(Wire.uids(uids)).setWithUid(true));
        return merge(query, () -> {
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
        }, clients -> {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            clients.forEach((uid, ids) -> frozen.put(uid, List.copyOf(ids)));
            return Collections.unmodifiableMap(frozen);
        });
    }

    /** Each of {@code groups} with its member count summed over the gateways; 0 when empty. */
    ClientResult<Map<String, Long>> countsByGroup(Set<String> groups) {
        if (groups.isEmpty()) {
            // Nothing to ask: no gateway needs calling, and none can be missing.
            return ClientResult.complete(Map.of());
        }
        Query query = Query.newBuilder().setGroups(GroupQuery.newBuilder().addAllGroups(groups)).build();
        return merge(query, () -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            groups.forEach(name -> counts.put(name, 0L));
            return counts;
        }, (counts, result) -> {
            for (GroupRecord group : result.getGroups().getGroupsList()) {
                counts.merge(group.getGroup(), group.getClientCount(), Long::sum);
            }
        }, Collections::unmodifiableMap);
    }

    /** Asks every gateway, folds each answer into {@code initial}, and keeps the missing gateways. */
    private <A, R> ClientResult<R> merge(Query query, Supplier<A> initial, BiConsumer<A, QueryResult> add,
            Function<A, R> finish) {
        ClusterCalls.Answers answers = calls.askAll(query);
        A merged = initial.get();
        answers.results().values().forEach(result -> add.accept(merged, result));
        return new ClientResult<>(finish.apply(merged), answers.missing());
    }

    private static Query clients(ClientQuery.Builder query) {
        return Query.newBuilder().setClients(query).build();
    }
}
