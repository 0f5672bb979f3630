package io.gatewayworker.worker.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/**
 * Every query of {@link Gateway} as a Mutiny {@link Uni} ({@code gateway.async()}): the same requests
 * and merging as {@link ClusterQueries} and the blocking {@link Gateway} forms (which are built on
 * these), without blocking a thread, so they are safe on an event loop (a reactive route, a gRPC
 * service, a Vert.x timer).
 * <p>
 * Lazy: nothing is sent until the {@code Uni} is subscribed; each subscription asks again. The
 * gateways' answers are merged on the thread that completes the last of them.
 * <p>
 * <b>Cluster-wide queries</b> ask every gateway in this worker's view and complete with a
 * {@link ClusterResult} within {@code worker.query-timeout} (plus a short grace): a gateway that does
 * not answer in time is listed in {@link ClusterResult#missingGateways()} and logged at WARN, once
 * per query. They never fail because of a gateway; they never hang.
 * <p>
 * <b>Queries about one client</b> ask only the gateway that owns it (its id names it). They
 * complete with "offline" ({@code false}, empty) when that gateway is not in the view, and fail
 * with {@link GatewayUnreachableException} when it is in the view but does not answer in time.
 * <p>
 * Malformed arguments (a malformed client id, a null or empty group or uid) throw
 * {@link IllegalArgumentException} at the call, before a {@code Uni} is returned.
 */
public interface AsyncQueries {

    // ------------------------------------------------------------------ one client

    /** Async {@link Gateway#isOnline(String)}. */
    Uni<Boolean> isOnline(String clientId);

    /** Async {@link Gateway#getSession(String)}. */
    Uni<Optional<Map<String, Object>>> getSession(String clientId);

    /** Async {@link Gateway#getUidByClientId(String)}. */
    Uni<Optional<String>> getUidByClientId(String clientId);

    // ------------------------------------------------------------------ every gateway

    /** Async {@link ClusterQueries#getAllClientCount()}. */
    Uni<ClusterResult<Long>> getAllClientCount();

    /** Async {@link ClusterQueries#getAllClientIdList()}. */
    Uni<ClusterResult<List<String>>> getAllClientIdList();

    /** Async {@link ClusterQueries#getAllClientSessions()}. */
    Uni<ClusterResult<Map<String, Map<String, Object>>>> getAllClientSessions();

    /** Async {@link ClusterQueries#getClientCountByGroup(String)}. */
    Uni<ClusterResult<Long>> getClientCountByGroup(String group);

    /** Async {@link ClusterQueries#getClientIdListByGroup(String)}. */
    Uni<ClusterResult<List<String>>> getClientIdListByGroup(String group);

    /** Async {@link ClusterQueries#getClientSessionsByGroup(String)}. */
    Uni<ClusterResult<Map<String, Map<String, Object>>>> getClientSessionsByGroup(String group);

    /** Async {@link ClusterQueries#getClientInfoByGroup(String)}. */
    Uni<ClusterResult<Map<String, ClientInfo>>> getClientInfoByGroup(String group);

    /** Async {@link ClusterQueries#getAllGroupIdList()}. */
    Uni<ClusterResult<Set<String>>> getAllGroupIdList();

    /** Async {@link ClusterQueries#getAllGroupClientCount()} (GatewayWorker's {@code getAllGroupClientIdCount}). */
    Uni<ClusterResult<Map<String, Long>>> getAllGroupClientCount();

    /** Async {@link ClusterQueries#getAllGroupClientIdList()}. */
    Uni<ClusterResult<Map<String, List<String>>>> getAllGroupClientIdList();

    /** Async {@link ClusterQueries#getAllGroupUidList()}. */
    Uni<ClusterResult<Map<String, Set<String>>>> getAllGroupUidList();

    /** Async {@link ClusterQueries#getAllGroupUidCount()}. */
    Uni<ClusterResult<Map<String, Long>>> getAllGroupUidCount();

    /** Async {@link ClusterQueries#getUidListByGroup(String)}. */
    Uni<ClusterResult<Set<String>>> getUidListByGroup(String group);

    /** Async {@link ClusterQueries#getUidCountByGroup(String)}. */
    Uni<ClusterResult<Long>> getUidCountByGroup(String group);

    /** Async {@link ClusterQueries#getClientCountByUid(String)}. */
    Uni<ClusterResult<Long>> getClientCountByUid(String uid);

    /** Async {@link ClusterQueries#getClientIdByUid(String)}. */
    Uni<ClusterResult<List<String>>> getClientIdByUid(String uid);

    /** Async {@link Gateway#isUidOnline(String)}, with the gateways that did not answer. */
    Uni<ClusterResult<Boolean>> isUidOnline(String uid);

    /** Async {@link ClusterQueries#getAllUidList()}. */
    Uni<ClusterResult<Set<String>>> getAllUidList();

    /** Async {@link ClusterQueries#getAllUidCount()}. */
    Uni<ClusterResult<Long>> getAllUidCount();

    /** Async {@link ClusterQueries#batchGetClientIdByUid(Collection)}. */
    Uni<ClusterResult<Map<String, List<String>>>> batchGetClientIdByUid(Collection<String> uids);

    /** Async {@link ClusterQueries#isUidsOnline(Collection)}. */
    Uni<ClusterResult<Map<String, Boolean>>> isUidsOnline(Collection<String> uids);

    /** Async {@link ClusterQueries#batchGetClientCountByGroup(Collection)}. */
    Uni<ClusterResult<Map<String, Long>>> batchGetClientCountByGroup(Collection<String> groups);
}
