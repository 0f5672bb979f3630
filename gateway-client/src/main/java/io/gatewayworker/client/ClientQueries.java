package io.gatewayworker.client;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.wire.GatewayQueries;

/**
 * The cluster-wide queries of {@link GatewayClient} (its {@link GatewayClient#queries()}), named as in
 * GatewayWorker's {@code GatewayClient}. Each asks every gateway of the client's view once, in
 * parallel, and merges the answers as a worker's {@code Gateway} does. A gateway that does not
 * answer within the query timeout, or refuses, is named in {@link ClientResult#missingGateways()}
 * and its clients are left out of the value: never a silent partial answer. Each call blocks at most
 * about the query timeout (longer only while waiting for a first view of the cluster).
 *
 * @throws GatewayClientException UNAUTHENTICATED from any method when the gateways refuse the secret
 * @throws IllegalArgumentException from any method for a null or empty group or uid
 */
public final class ClientQueries {

    private final ClusterCalls calls;

    ClientQueries(ClusterCalls calls) {
        this.calls = calls;
    }

    // ------------------------------------------------------------------ everyone

    /** How many clients are connected to the cluster. */
    public ClientResult<Long> getAllClientCount() {
        return calls.ask(GatewayQueries.count(GatewayQueries.everyone()));
    }

    /** The ids of every connected client. */
    public ClientResult<List<String>> getAllClientIdList() {
        return calls.ask(GatewayQueries.clientIds(GatewayQueries.everyone()));
    }

    /** Every connected client with its session. */
    public ClientResult<Map<String, Map<String, Object>>> getAllClientSessions() {
        return calls.ask(GatewayQueries.sessions(GatewayQueries.everyone(), SessionJson::read));
    }

    // ------------------------------------------------------------------ one group

    /** How many clients are in the group. */
    public ClientResult<Long> getClientCountByGroup(String group) {
        return calls.ask(GatewayQueries.count(GatewayQueries.group(group)));
    }

    /** The ids of the group's members. */
    public ClientResult<List<String>> getClientIdListByGroup(String group) {
        return calls.ask(GatewayQueries.clientIds(GatewayQueries.group(group)));
    }

    /** The group's members with their sessions. */
    public ClientResult<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group) {
        return calls.ask(GatewayQueries.sessions(GatewayQueries.group(group), SessionJson::read));
    }

    /** The group's members with their uid, groups and session. */
    public ClientResult<Map<String, ClientInfo>> getClientInfoByGroup(String group) {
        ClientQuery.Builder query = ClientQuery.newBuilder().setTarget(GatewayQueries.group(group))
                .setWithUid(true).setWithGroups(true).setWithSession(true);
        return calls.ask(GatewayQueries.records(query, client -> new ClientInfo(client.getClientId(),
                Optional.of(client.getUid()).filter(uid -> !uid.isEmpty()), Set.copyOf(client.getGroupsList()),
                SessionJson.read(client.getSession().getValuesMap()))));
    }

    /** The uids bound by the group's members, each once. */
    public ClientResult<Set<String>> getUidListByGroup(String group) {
        return calls.ask(GatewayQueries.uidsOfGroup(group));
    }

    /** How many distinct uids the group's members are bound to. */
    public ClientResult<Long> getUidCountByGroup(String group) {
        return calls.ask(GatewayQueries.uidsOfGroup(group).map(uids -> (long) uids.size()));
    }

    // ------------------------------------------------------------------ every group

    /** The groups with at least one member. Complete, unlike GatewayWorker's. */
    public ClientResult<Set<String>> getAllGroupIdList() {
        return calls.ask(GatewayQueries.allGroups());
    }

    /** Every non-empty group with its member count. */
    public ClientResult<Map<String, Long>> getAllGroupClientIdCount() {
        return calls.ask(GatewayQueries.allGroupCounts());
    }

    /** Every non-empty group with its members' ids. */
    public ClientResult<Map<String, List<String>>> getAllGroupClientIdList() {
        return calls.ask(GatewayQueries.allGroupClientIds());
    }

    /** Every group with members bound to uids, with those uids. */
    public ClientResult<Map<String, Set<String>>> getAllGroupUidList() {
        return calls.ask(GatewayQueries.allGroupUids());
    }

    /** Every group with members bound to uids, with how many distinct uids. */
    public ClientResult<Map<String, Long>> getAllGroupUidCount() {
        return calls.ask(GatewayQueries.allGroupUidCounts());
    }

    /** Each asked group (0 when empty) with its member count; no gateway is asked for an empty collection. */
    public ClientResult<Map<String, Long>> batchGetClientCountByGroup(Collection<String> groups) {
        return calls.ask(GatewayQueries.countsByGroup(groups));
    }

    // ------------------------------------------------------------------ uids

    /** How many clients are bound to the uid. */
    public ClientResult<Long> getClientCountByUid(String uid) {
        return calls.ask(GatewayQueries.count(GatewayQueries.uid(uid)));
    }

    /** The ids of the clients bound to the uid. */
    public ClientResult<List<String>> getClientIdByUid(String uid) {
        return calls.ask(GatewayQueries.clientIds(GatewayQueries.uid(uid)));
    }

    /** Whether any client is bound to the uid. */
    public ClientResult<Boolean> isUidOnline(String uid) {
        return calls.ask(GatewayQueries.count(GatewayQueries.uid(uid)).map(count -> count > 0));
    }

    /** The uids bound by at least one client. */
    public ClientResult<Set<String>> getAllUidList() {
        return calls.ask(GatewayQueries.allUids());
    }

    /** How many distinct uids are bound. */
    public ClientResult<Long> getAllUidCount() {
        return calls.ask(GatewayQueries.allUids().map(uids -> (long) uids.size()));
    }

    /** Each asked uid with its clients' ids (an empty list when none). */
    public ClientResult<Map<String, List<String>>> batchGetClientIdByUid(Collection<String> uids) {
        return calls.ask(GatewayQueries.clientIdsByUid(uids));
    }

    /** Each asked uid with whether any client is bound to it. */
    public ClientResult<Map<String, Boolean>> isUidsOnline(Collection<String> uids) {
        return calls.ask(GatewayQueries.uidsOnline(uids));
    }
}
