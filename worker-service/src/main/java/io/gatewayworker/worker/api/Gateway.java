package io.gatewayworker.worker.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gatewayworker.wire.OutboundMessage;


/**
 * The cluster-wide API: GatewayWorker's {@code Gateway::} calls. Inject it ({@code @Inject Gateway gateway})
 * anywhere in the worker, not only in {@link Events} handlers.
 * <p>
 * <b>Routing.</b> A call about one client goes only to the gateway that owns it (a client id names its
 * gateway). Calls about all clients, groups or uids go to every gateway in this worker's view; each
 * applies them to its own clients. Commands sent by one thread reach each gateway in the order they
 * were made, and before the acknowledgement of the event being handled.
 * <p>
 * <b>Sends and state changes</b> ({@code send*}, {@code close*}, {@code destroy*}, {@code joinGroup},
 * {@code bindUid}, {@code setSession}, ...) queue a command and return at once; they never block, and
 * may be called from any thread, event loops included. A fan-out ({@code sendToAll}, {@code sendToGroup},
 * {@code sendToUid}, {@code ungroup}) skips gateways whose stream is not open: their clients miss it
 * (logged at DEBUG, counted in {@code gw_worker_fanout_skipped}).
 * <p>
 * <b>Client ids.</b> Every call taking a client id decides the same way:
 * <ul>
 * <li>a <b>malformed</b> id (null, or anything but 13 to 28 lowercase hex characters) throws
 * {@link IllegalArgumentException} naming the id, and nothing is sent anywhere;</li>
 * <li>a well-formed id of a client that is <b>not connected</b> (any more) to its gateway is a no-op:
 * sends and closes skip it, group/uid/session changes are refused by its gateway (logged at DEBUG,
 * counted in {@code gw_worker_command_errors{code="CLIENT_NOT_FOUND"}}), queries answer "offline"
 * ({@code false}, empty);</li>
 * <li>an id whose <b>gateway is not in this worker's view</b> (the gateway left, or joined so recently
 * that this worker has not learnt of it) or whose stream is not open: commands throw
 * {@link GatewayUnreachableException} (nothing was done; the caller cannot tell "gone" from "not yet
 * known"), queries answer "offline" when the gateway is not in the view and throw
 * {@link GatewayUnreachableException} when it is in the view but does not answer in time.</li>
 * </ul>
 * <p>
 * <b>Queries</b> ({@code is*}, {@code get*}, {@code batchGet*}) wait for the gateways' answers, at most
 * {@code worker.query-timeout}: call them from handlers or other worker threads, never from an event
 * loop (they throw {@link IllegalStateException} there; use {@link #async()}). Cluster-wide queries
 * merge the answers of the gateways that answered in time and log the others at WARN, once per query;
 * {@link #queries()} returns the same answers as {@link ClusterResult}s that also name them, and
 * {@link #async()} the same again as Mutiny {@code Uni}s that never block. A gateway whose answer would
 * not fit in one frame of its stream ({@code gateway.worker.max-frame-size}, 16 MiB: say, the sessions of
 * many clients with large sessions) refuses the query instead: it counts as not answering (named in
 * {@link ClusterResult#missingGateways()}, the reason logged), a one-client query throws
 * {@link IllegalArgumentException}. Ask for less (a group, without sessions, counts only).
 * <p>
 * <b>Sizes.</b> A command larger than {@code worker.link.max-outbound-frame-size} (16 MiB: a huge message)
 * throws {@link IllegalArgumentException} and nothing is sent; a session is at most
 * {@code worker.session.max-bytes} (1 MiB; see {@link #setSession}).
 * <p>
 * <b>Messages</b> are text ({@code String}, sent as UTF-8 text frames or lines) or binary
 * ({@code byte[]}); the gateway frames them for each client's transport. {@link OutboundMessage}
 * also has a {@linkplain OutboundMessage#raw() raw} form that bypasses the TCP codec's framing.
 * <p>
 * <b>Names.</b> Any non-empty string is a valid group or uid ({@code "0"} too, unlike GatewayWorker);
 * null or {@code ""} throws {@link IllegalArgumentException}. Empty lists of recipients send nothing
 * and contact no gateway.
 */
public interface Gateway {

    // ------------------------------------------------------------------ sends to clients by id

    /** Sends a text message to one client, through its gateway only. A client no longer connected is skipped. */
    void sendToClient(String clientId, String text);

    /** Sends a binary message to one client, through its gateway only. */
    void sendToClient(String clientId, byte[] bytes);

    /** Sends a message (text, binary, or raw) to one client, through its gateway only. */
    void sendToClient(String clientId, OutboundMessage message);

    /**
     * Sends a text message to each of these clients, once each (GatewayWorker's
     * {@code sendToAll($msg, $client_ids)}): one command to each gateway that owns some of them, no
     * other gateway is contacted; an empty list sends nothing. Every id is checked before anything is
     * sent. When some owning gateways are unreachable the others still get theirs, then the first
     * {@link GatewayUnreachableException} is thrown (the others suppressed in it).
     */
    void sendToClients(Collection<String> clientIds, String text);

    /** Binary form of {@link #sendToClients(Collection, String)}. */
    void sendToClients(Collection<String> clientIds, byte[] bytes);

    /** {@link OutboundMessage} form of {@link #sendToClients(Collection, String)}. */
    void sendToClients(Collection<String> clientIds, OutboundMessage message);

    /**
     * Sends a message to each of these clients except the excluded ones (GatewayWorker's
     * {@code sendToAll($msg, $client_ids, $exclude)}); contacts only the gateways owning the remaining ids.
     */
    default void sendToClients(Collection<String> clientIds, OutboundMessage message,
            Collection<String> excludeClientIds) {
        Set<String> excluded = new HashSet<>(excludeClientIds);
        List<String> remaining = new ArrayList<>(clientIds.size());
        for (String clientId : clientIds) {
            if (!excluded.contains(clientId)) {
                remaining.add(clientId);
            }
        }
        sendToClients(remaining, message);
    }

    /**
     * Sends a text message to the client whose event the calling thread is handling, through the
     * gateway it came from.
     *
     * @throws IllegalStateException outside a handler
     */
    void sendToCurrentClient(String text);

    /** Binary form of {@link #sendToCurrentClient(String)}. */
    void sendToCurrentClient(byte[] bytes);

    /**
     * {@link OutboundMessage} form of {@link #sendToCurrentClient(String)}.
     *
     * @throws IllegalStateException outside a handler
     */
    default void sendToCurrentClient(OutboundMessage message) {
        sendToClient(requireCurrentClient("sendToCurrentClient").clientId(), message);
    }

    // ------------------------------------------------------------------ sends to everyone, groups, uids

    /** Sends a text message to every connected client but the excluded ones: one command to every gateway. */
    void sendToAll(String text, String... excludeClientIds);

    /** Sends a binary message to every connected client but the excluded ones: one command to every gateway. */
    void sendToAll(byte[] bytes, String... excludeClientIds);

    /** Sends a message (text, binary, or raw) to every connected client but the excluded ones. */
    void sendToAll(OutboundMessage message, String... excludeClientIds);

    /**
     * GatewayWorker's full {@code sendToAll($msg, $client_ids, $exclude)}: with {@code clientIds} null,
     * sends to every connected client (every gateway is contacted); with a list, only to those clients
     * (only the gateways owning them are contacted; an empty list sends nothing), as
     * {@link #sendToClients(Collection, OutboundMessage, Collection)}. The excluded clients never get it.
     *
     * @param clientIds        the recipients, or null for every client
     * @param excludeClientIds clients that must not get it; may be empty
     */
    default void sendToAll(OutboundMessage message, Collection<String> clientIds, Collection<String> excludeClientIds) {
        if (clientIds == null) {
            sendToAll(message, excludeClientIds.toArray(String[]::new));
        } else {
            sendToClients(clientIds, message, excludeClientIds);
        }
    }

    /** Text form of {@link #sendToAll(OutboundMessage, Collection, Collection)}. */
    default void sendToAll(String text, Collection<String> clientIds, Collection<String> excludeClientIds) {
        sendToAll(OutboundMessage.text(text), clientIds, excludeClientIds);
    }

    /** Binary form of {@link #sendToAll(OutboundMessage, Collection, Collection)}. */
    default void sendToAll(byte[] bytes, Collection<String> clientIds, Collection<String> excludeClientIds) {
        sendToAll(OutboundMessage.binary(bytes), clientIds, excludeClientIds);
    }

    /** Sends a text message to the members of a group but the excluded ones: one command to every gateway. */
    void sendToGroup(String group, String text, String... excludeClientIds);

    /** Sends a binary message to the members of a group but the excluded ones: one command to every gateway. */
    void sendToGroup(String group, byte[] bytes, String... excludeClientIds);

    /** Sends a message (text, binary, or raw) to the members of a group but the excluded ones. */
    default void sendToGroup(String group, OutboundMessage message, String... excludeClientIds) {
        sendToGroups(Collections.singletonList(group), message, Arrays.asList(excludeClientIds));
    }

    /**
     * Sends a text message to the members of any of these groups but the excluded ones, one command to
     * every gateway. A client in several of the groups gets it <b>once</b> (GatewayWorker sends it
     * once per group); an empty list sends nothing.
     */
    void sendToGroups(Collection<String> groups, String text, Collection<String> excludeClientIds);

    /** Binary form of {@link #sendToGroups(Collection, String, Collection)}. */
    void sendToGroups(Collection<String> groups, byte[] bytes, Collection<String> excludeClientIds);

    /** {@link OutboundMessage} form of {@link #sendToGroups(Collection, String, Collection)}. */
    void sendToGroups(Collection<String> groups, OutboundMessage message, Collection<String> excludeClientIds);

    /** Sends a text message to every connection bound to the uid: one command to every gateway. */
    void sendToUid(String uid, String text);

    /** Sends a binary message to every connection bound to the uid: one command to every gateway. */
    void sendToUid(String uid, byte[] bytes);

    /** Sends a message (text, binary, or raw) to every connection bound to the uid. */
    default void sendToUid(String uid, OutboundMessage message) {
        sendToUids(Collections.singletonList(uid), message);
    }

    /**
     * Sends a text message to every connection bound to any of these uids, each once (GatewayWorker's
     * {@code sendToUid($uids)}): one command to every gateway; an empty list sends nothing.
     */
    void sendToUids(Collection<String> uids, String text);

    /** Binary form of {@link #sendToUids(Collection, String)}. */
    void sendToUids(Collection<String> uids, byte[] bytes);

    /** {@link OutboundMessage} form of {@link #sendToUids(Collection, String)}. */
    void sendToUids(Collection<String> uids, OutboundMessage message);

    // ------------------------------------------------------------------ connections

    /**
     * Closes a client's connection after what was sent to it is written; contacts its gateway only.
     * Closing a client that is gone does nothing.
     */
    void closeClient(String clientId);

    /** Sends a last text message, then closes the client's connection after it is written. */
    void closeClient(String clientId, String finalMessage);

    /** Sends a last message (text, binary, or raw), then closes the client's connection after it is written. */
    void closeClient(String clientId, OutboundMessage finalMessage);

    /**
     * Closes a client's connection now, dropping output not yet written (GatewayWorker's
     * {@code destroyClient}); contacts its gateway only. Destroying a client that is gone does nothing.
     */
    void destroyClient(String clientId);

    /**
     * Closes the connection of the client whose event the calling thread is handling.
     *
     * @throws IllegalStateException outside a handler
     */
    void closeCurrentClient();

    /**
     * Sends a last text message to the client being handled, then closes its connection.
     *
     * @throws IllegalStateException outside a handler
     */
    default void closeCurrentClient(String finalMessage) {
        closeClient(requireCurrentClient("closeCurrentClient").clientId(), finalMessage);
    }

    /**
     * Sends a last message to the client being handled, then closes its connection.
     *
     * @throws IllegalStateException outside a handler
     */
    default void closeCurrentClient(OutboundMessage finalMessage) {
        closeClient(requireCurrentClient("closeCurrentClient").clientId(), finalMessage);
    }

    /**
     * Closes the connection of the client being handled now, dropping its pending output.
     *
     * @throws IllegalStateException outside a handler
     */
    default void destroyCurrentClient() {
        destroyClient(requireCurrentClient("destroyCurrentClient").clientId());
    }

    /**
     * The client whose event the calling thread is handling (GatewayWorker's {@code Context}); empty
     * outside handlers.
     */
    Optional<ClientContext> currentClient();

    // ------------------------------------------------------------------ groups and uids

    /** Adds the client to a group (its gateway only); a group exists while it has members. */
    void joinGroup(String clientId, String group);

    /** Removes the client from a group (its gateway only); a no-op when it is not a member. */
    void leaveGroup(String clientId, String group);

    /** Dissolves a group: every member, on every gateway, leaves it (one command to every gateway). */
    void ungroup(String group);

    /**
     * Binds the client to a uid (a user id; one uid may have many connections, a connection has at
     * most one uid); replaces an earlier binding. Contacts the client's gateway only.
     */
    void bindUid(String clientId, String uid);

    /** Removes the client's binding to the uid (its gateway only); a no-op when it is bound to another uid or none. */
    void unbindUid(String clientId, String uid);

    // ------------------------------------------------------------------ sessions

    /**
     * Replaces the client's session with these values (GatewayWorker's {@code setSession}); contacts
     * its gateway only. When the client is the one being handled, its {@link ClientContext#session()}
     * becomes the same.
     *
     * @throws IllegalArgumentException when the session would be larger than {@code worker.session.max-bytes}
     *                                  (nothing is written)
     */
    void setSession(String clientId, Map<String, ?> session);

    /**
     * Adds or overwrites these session values, keeping the others (GatewayWorker's {@code updateSession});
     * contacts its gateway only. When the client is the one being handled, its
     * {@link ClientContext#session()} gets them too.
     *
     * @throws IllegalArgumentException when the values (for the handled client: its whole session with them)
     *                                  are larger than {@code worker.session.max-bytes}; nothing is written. For
     *                                  another client, its gateway refuses a write that makes the whole session
     *                                  too large (logged here as LIMIT_EXCEEDED) and keeps the session as it was
     */
    void updateSession(String clientId, Map<String, ?> values);

    // ------------------------------------------------------------------ queries about one client

    /**
     * Whether the client is connected; asks its gateway only. False when its gateway has left the view.
     *
     * @throws GatewayUnreachableException when its gateway is in the view but does not answer in time
     */
    boolean isOnline(String clientId);

    /**
     * The client's session values, read-only; asks its gateway only. Empty when the client is not
     * connected or its gateway has left the view (GatewayWorker returns null: use
     * {@code getSession(id).orElse(null)}).
     *
     * @throws GatewayUnreachableException when its gateway is in the view but does not answer in time
     */
    Optional<Map<String, Object>> getSession(String clientId);

    /**
     * The uid the client is bound to; asks its gateway only. Empty when none, when the client is not
     * connected, or when its gateway has left the view.
     *
     * @throws GatewayUnreachableException when its gateway is in the view but does not answer in time
     */
    Optional<String> getUidByClientId(String clientId);

    // ------------------------------------------------------------------ cluster-wide queries

    /** The cluster-wide queries, blocking, as {@link ClusterResult}s that name the gateways that did not answer. */
    ClusterQueries queries();

    /**
     * Every query as a Mutiny {@code Uni}: never blocks, safe on an event loop; cluster-wide ones
     * complete with a {@link ClusterResult} within the query timeout.
     */
    AsyncQueries async();

    // The plain forms below ask every gateway (one request each) and return the merged answers of
    // those that answered within worker.query-timeout; the others are left out and logged at WARN
    // (use queries() or async() to see which).

    /** Connected clients (GatewayWorker's {@code getAllClientCount}); every gateway. */
    default long getAllClientCount() {
        return queries().getAllClientCount().value();
    }

    /** The same as {@link #getAllClientCount()} (GatewayWorker's {@code getAllClientIdCount}). */
    default long getAllClientIdCount() {
        return getAllClientCount();
    }

    /** Ids of every connected client; every gateway. */
    default List<String> getAllClientIdList() {
        return queries().getAllClientIdList().value();
    }

    /** Every connected client's session, by client id; every gateway. */
    default Map<String, Map<String, Object>> getAllClientSessions() {
        return queries().getAllClientSessions().value();
    }

    /** Members of a group, 0 for an unknown group (GatewayWorker's {@code getClientCountByGroup}); every gateway. */
    default long getClientCountByGroup(String group) {
        return queries().getClientCountByGroup(group).value();
    }

    /** The same as {@link #getClientCountByGroup(String)} (GatewayWorker's {@code getClientIdCountByGroup}). */
    default long getClientIdCountByGroup(String group) {
        return getClientCountByGroup(group);
    }

    /** Ids of a group's members; every gateway. */
    default List<String> getClientIdListByGroup(String group) {
        return queries().getClientIdListByGroup(group).value();
    }

    /** A group's members' sessions, by client id; every gateway. */
    default Map<String, Map<String, Object>> getClientSessionsByGroup(String group) {
        return queries().getClientSessionsByGroup(group).value();
    }

    /** A group's members with their uid, groups and session, by client id; every gateway. */
    default Map<String, ClientInfo> getClientInfoByGroup(String group) {
        return queries().getClientInfoByGroup(group).value();
    }

    /** Every group with at least one member; every gateway. */
    default Set<String> getAllGroupIdList() {
        return queries().getAllGroupIdList().value();
    }

    /** Every group with its number of members; every gateway. */
    default Map<String, Long> getAllGroupClientCount() {
        return queries().getAllGroupClientCount().value();
    }

    /** The same as {@link #getAllGroupClientCount()} (GatewayWorker's {@code getAllGroupClientIdCount}). */
    default Map<String, Long> getAllGroupClientIdCount() {
        return getAllGroupClientCount();
    }

    /** Every group with its members' ids; every gateway. Complete (GatewayWorker's may stop early). */
    default Map<String, List<String>> getAllGroupClientIdList() {
        return queries().getAllGroupClientIdList().value();
    }

    /**
     * Every group in which a member is bound to a uid, with its members' distinct uids; every gateway.
     * Groups whose members have no uid are absent.
     */
    default Map<String, Set<String>> getAllGroupUidList() {
        return queries().getAllGroupUidList().value();
    }

    /** The groups of {@link #getAllGroupUidList()} with their number of distinct uids; every gateway. */
    default Map<String, Long> getAllGroupUidCount() {
        return queries().getAllGroupUidCount().value();
    }

    /** The distinct uids bound by a group's members; every gateway. */
    default Set<String> getUidListByGroup(String group) {
        return queries().getUidListByGroup(group).value();
    }

    /** How many distinct uids a group's members are bound to; every gateway. */
    default long getUidCountByGroup(String group) {
        return getUidListByGroup(group).size();
    }

    /** Ids of the connections bound to the uid (empty when none); every gateway. */
    default List<String> getClientIdByUid(String uid) {
        return queries().getClientIdByUid(uid).value();
    }

    /** Whether any connection is bound to the uid; every gateway. */
    default boolean isUidOnline(String uid) {
        return queries().getClientCountByUid(uid).value() > 0;
    }

    /** Every uid bound by a connected client, each once; every gateway. */
    default Set<String> getAllUidList() {
        return queries().getAllUidList().value();
    }

    /** How many distinct uids connected clients are bound to (GatewayWorker's {@code getAllUidCount}); every gateway. */
    default long getAllUidCount() {
        return queries().getAllUidCount().value();
    }

    /**
     * For each of these uids, the ids of its connections, empty when none (GatewayClient's
     * {@code batchGetClientIdByUid}); one request to every gateway for all of them. An empty list
     * asks nobody.
     */
    default Map<String, List<String>> batchGetClientIdByUid(Collection<String> uids) {
        return queries().batchGetClientIdByUid(uids).value();
    }

    /** For each of these uids, whether a connection is bound to it ({@code isUidsOnline}); one request to every gateway. */
    default Map<String, Boolean> isUidsOnline(Collection<String> uids) {
        return queries().isUidsOnline(uids).value();
    }

    /**
     * For each of these groups, its number of members, 0 when none ({@code batchGetClientCountByGroup});
     * one request to every gateway.
     */
    default Map<String, Long> batchGetClientCountByGroup(Collection<String> groups) {
        return queries().batchGetClientCountByGroup(groups).value();
    }

    private ClientContext requireCurrentClient(String method) {
        return currentClient().orElseThrow(() -> new IllegalStateException(
                "Gateway." + method + " called outside an Events handler: there is no current client"));
    }
}
