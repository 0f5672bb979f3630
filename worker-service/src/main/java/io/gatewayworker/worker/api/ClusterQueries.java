package io.gatewayworker.worker.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-wide queries of {@link Gateway}, answered as {@link ClusterResult}s that name the
 * gateways that did not answer within {@code worker.query-timeout}. Each query asks every gateway in
 * this worker's view at once (one request per gateway) and waits for all of them, at most the
 * timeout; a gateway whose stream is not open is not asked and is reported missing at once. Every
 * partial result is logged at WARN once, with the missing gateways.
 * <p>
 * Blocking: never call them from an event loop (they throw {@link IllegalStateException} there);
 * {@link Gateway#async()} has the same queries as {@code Uni}s. Gateways answer only for their own
 * clients, so merging is a sum or a union and never counts a client twice.
 * <p>
 * A malformed argument (a null or empty group or uid, a null list of them) throws
 * {@link IllegalArgumentException} before any gateway is asked. Any other non-empty string is a
 * valid group or uid, {@code "0"} included. The batch queries given an empty list return an empty,
 * complete result without asking any gateway.
 */
public interface ClusterQueries {

    /** Connected clients (GatewayWorker's {@code getAllClientCount}/{@code getAllClientIdCount}). */
    ClusterResult<Long> getAllClientCount();

    /** Ids of every connected client ({@code getAllClientIdList}). */
    ClusterResult<List<String>> getAllClientIdList();

    /** Every connected client's session, by client id ({@code getAllClientSessions}). */
    ClusterResult<Map<String, Map<String, Object>>> getAllClientSessions();

    /** Members of a group ({@code getClientIdCountByGroup}/{@code getClientCountByGroup}); 0 for an unknown group. */
    ClusterResult<Long> getClientCountByGroup(String group);

    /** Ids of a group's members ({@code getClientIdListByGroup}); empty for an unknown group. */
    ClusterResult<List<String>> getClientIdListByGroup(String group);

    /** A group's members' sessions, by client id ({@code getClientSessionsByGroup}). */
    ClusterResult<Map<String, Map<String, Object>>> getClientSessionsByGroup(String group);

    /** A group's members with their uid, groups and session, by client id. */
    ClusterResult<Map<String, ClientInfo>> getClientInfoByGroup(String group);

    /** Every group with at least one connected member ({@code getAllGroupIdList}). */
    ClusterResult<Set<String>> getAllGroupIdList();

    /** Every group with its number of members ({@code getAllGroupClientIdCount}). */
    ClusterResult<Map<String, Long>> getAllGroupClientCount();

    /** The distinct uids bound by a group's members ({@code getUidListByGroup}). */
    ClusterResult<Set<String>> getUidListByGroup(String group);

    /** Connections bound to the uid; more than 0 means the uid is online ({@code isUidOnline}). */
    ClusterResult<Long> getClientCountByUid(String uid);

    /** Ids of the connections bound to the uid ({@code getClientIdByUid}). */
    ClusterResult<List<String>> getClientIdByUid(String uid);

    /** Every uid bound by a connected client, each once ({@code getAllUidList}). */
    ClusterResult<Set<String>> getAllUidList();

    // ------------------------------------------------------------------ added for the full GatewayWorker API

    /** How many distinct uids connected clients are bound to ({@code getAllUidCount}). */
    default ClusterResult<Long> getAllUidCount() {
        ClusterResult<Set<String>> uids = getAllUidList();
        return new ClusterResult<>((long) uids.value().size(), uids.missingGateways());
    }

    /** How many distinct uids a group's members are bound to ({@code getUidCountByGroup}). */
    default ClusterResult<Long> getUidCountByGroup(String group) {
        ClusterResult<Set<String>> uids = getUidListByGroup(group);
        return new ClusterResult<>((long) uids.value().size(), uids.missingGateways());
    }

    /** Every group with its members' ids ({@code getAllGroupClientIdList}); complete, unlike GatewayWorker's. */
    ClusterResult<Map<String, List<String>>> getAllGroupClientIdList();

    /** Every group with its number of members ({@code getAllGroupClientIdCount}); the same as {@link #getAllGroupClientCount()}. */
    default ClusterResult<Map<String, Long>> getAllGroupClientIdCount() {
        return getAllGroupClientCount();
    }

    /**
     * Every group in which at least one member is bound to a uid, with the distinct uids of its
     * members ({@code getAllGroupUidList}); groups whose members have no uid are absent, as in
     * GatewayWorker.
     */
    ClusterResult<Map<String, Set<String>>> getAllGroupUidList();

    /** The same groups as {@link #getAllGroupUidList()}, with their number of distinct uids ({@code getAllGroupUidCount}). */
    ClusterResult<Map<String, Long>> getAllGroupUidCount();

    /**
     * For each of these uids, the ids of its connections, empty when it has none
     * ({@code batchGetClientIdByUid}); one request per gateway for all of them.
     */
    ClusterResult<Map<String, List<String>>> batchGetClientIdByUid(Collection<String> uids);

    /** For each of these uids, whether a connection is bound to it ({@code isUidsOnline}); one request per gateway. */
    ClusterResult<Map<String, Boolean>> isUidsOnline(Collection<String> uids);

    /** For each of these groups, its number of members, 0 when none ({@code batchGetClientCountByGroup}); one request per gateway. */
    ClusterResult<Map<String, Long>> batchGetClientCountByGroup(Collection<String> groups);
}
