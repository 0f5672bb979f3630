package io.gatewayworker.worker.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster-wide API: GatewayWorker's {@code Gateway::} calls. Inject it ({@code @Inject Gateway gateway})
 * anywhere in the worker, not only in {@link Events} handlers.
 * <p>
 * <b>Routing.</b> A call about one client goes to the gateway that owns it (a client id names its
 * gateway). Calls about all clients, groups or uids go to every gateway in this worker's view; each
 * applies them to its own clients. Commands sent by one thread reach each gateway in the order they
 * were made, and before the acknowledgement of the event being handled.
 * <p>
 * <b>Sends and state changes</b> ({@code send*}, {@code close*}, {@code joinGroup}, {@code bindUid},
 * {@code setSession}, ...) queue a command and return at once; they never block, and may be called
 * from any thread. Commands about a client that is no longer connected are ignored by its gateway.
 * A fan-out ({@code sendToAll}, {@code sendToGroup}, {@code sendToUid}, {@code ungroup}) skips gateways
 * whose stream is not open (their clients miss it; logged and counted); a call about one client whose
 * gateway cannot be reached throws {@link GatewayUnreachableException}.
 * <p>
 * <b>Queries</b> ({@code is*}, {@code get*}) wait for the gateways' answers, at most
 * {@code worker.query-timeout}: call them from handlers or other worker threads, never from an event
 * loop (they throw {@link IllegalStateException} there). Cluster-wide queries merge the answers of
 * the gateways that answered; {@link #queries()} returns the same answers as {@link ClusterResult}s
 * that also name the gateways that did not.
 * <p>
 * <b>Messages</b> are text ({@code String}, sent as UTF-8 text frames or lines) or binary
 * ({@code byte[]}); the gateway frames them for each client's transport.
 * <p>
 * <b>Arguments.</b> A malformed client id (anything but 13 to 28 lowercase hex characters) or an empty
 * group or uid throws {@link IllegalArgumentException}. Empty lists of recipients send nothing.
 */
public interface Gateway {

    // ------------------------------------------------------------------ sends

    /** Sends a text message to one client. */
    void sendToClient(String clientId, String text);

    /** Sends a binary message to one client. */
    void sendToClient(String clientId, byte[] bytes);

    /** Sends a text message to each of these clients (GatewayWorker's {@code sendToAll($msg, $client_ids)}). */
    void sendToClients(Collection<String> clientIds, String text);

    /** Sends a binary message to each of these clients. */
    void sendToClients(Collection<String> clientIds, byte[] bytes);

    /**
     * Sends a text message to the client whose event the calling thread is handling.
     *
     * @throws IllegalStateException outside a handler
     */
    void sendToCurrentClient(String text);

    /** Binary form of {@link #sendToCurrentClient(String)}. */
    void sendToCurrentClient(byte[] bytes);

    /** Sends a text message to every connected client but the excluded ones. */
    void sendToAll(String text, String... excludeClientIds);

    /** Sends a binary message to every connected client but the excluded ones. */
    void sendToAll(byte[] bytes, String... excludeClientIds);

    /** Sends a text message to the members of a group but the excluded ones. */
    void sendToGroup(String group, String text, String... excludeClientIds);

    /** Sends a binary message to the members of a group but the excluded ones. */
    void sendToGroup(String group, byte[] bytes, String... excludeClientIds);

    /** Sends a text message to the members of any of these groups (each client once) but the excluded ones. */
    void sendToGroups(Collection<String> groups, String text, Collection<String> excludeClientIds);

    /** Binary form of {@link #sendToGroups(Collection, String, Collection)}. */
    void sendToGroups(Collection<String> groups, byte[] bytes, Collection<String> excludeClientIds);

    /** Sends a text message to every connection bound to the uid. */
    void sendToUid(String uid, String text);

    /** Sends a binary message to every connection bound to the uid. */
    void sendToUid(String uid, byte[] bytes);

    /** Sends a text message to every connection bound to any of these uids (each once). */
    void sendToUids(Collection<String> uids, String text);

    /** Binary form of {@link #sendToUids(Collection, String)}. */
    void sendToUids(Collection<String> uids, byte[] bytes);

    // ------------------------------------------------------------------ connections

    /** Closes a client's connection after what was sent to it is written. Closing a gone client does nothing. */
    void closeClient(String clientId);

    /** Sends a last text message, then closes the client's connection. */
    void closeClient(String clientId, String finalMessage);

    /** Closes a client's connection now, dropping output not yet written (GatewayWorker's {@code destoryClient}). */
    void destroyClient(String clientId);

    /**
     * Closes the connection of the client whose event the calling thread is handling.
     *
     * @throws IllegalStateException outside a handler
     */
    void closeCurrentClient();

    /**
     * The client whose event the calling thread is handling (GatewayWorker's {@code Context}); empty
     * outside handlers.
     */
    Optional<ClientContext> currentClient();

    // ------------------------------------------------------------------ groups and uids

    /** Adds the client to a group; a group exists while it has members. */
    void joinGroup(String clientId, String group);

    /** Removes the client from a group. */
    void leaveGroup(String clientId, String group);

    /** Dissolves a group: every member, on every gateway, leaves it. */
    void ungroup(String group);

    /** Binds the client to a uid (a user id; one uid may have many connections); replaces an earlier binding. */
    void bindUid(String clientId, String uid);

    /** Removes the client's binding to the uid. */
    void unbindUid(String clientId, String uid);

    // ------------------------------------------------------------------ sessions

    /**
     * Replaces the client's session with these values (GatewayWorker's {@code setSession}). When the
     * client is the one being handled, its {@link ClientContext#session()} becomes the same.
     */
    void setSession(String clientId, Map<String, ?> session);

    /**
     * Adds or overwrites these session values, keeping the others (GatewayWorker's {@code updateSession}).
     * When the client is the one being handled, its {@link ClientContext#session()} gets them too.
     */
    void updateSession(String clientId, Map<String, ?> values);

    // ------------------------------------------------------------------ queries about one client

    /**
     * Whether the client is connected. False when its gateway has left the view.
     *
     * @throws GatewayUnreachableException when its gateway is in the view but cannot answer
     */
    boolean isOnline(String clientId);

    /**
     * The client's session values, read-only; empty when the client is not connected.
     *
     * @throws GatewayUnreachableException when its gateway cannot answer
     */
    Optional<Map<String, Object>> getSession(String clientId);

    /**
     * The uid the client is bound to; empty when none or when the client is not connected.
     *
     * @throws GatewayUnreachableException when its gateway cannot answer
     */
    Optional<String> getUidByClientId(String clientId);

    // ------------------------------------------------------------------ cluster-wide queries

    /** The cluster-wide queries, with the gateways that did not answer. */
    ClusterQueries queries();

    /** Connected clients (GatewayWorker's {@code getAllClientIdCount}). */
    default long getAllClientCount() {
        return queries().getAllClientCount().value();
    }

    /** Ids of every connected client. */
    default List<String> getAllClientIdList() {
        return queries().getAllClientIdList().value();
    }

    /** Every connected client's session, by client id. */
    default Map<String, Map<String, Object>> getAllClientSessions() {
        return queries().getAllClientSessions().value();
    }

    /** Members of a group. */
    default long getClientCountByGroup(String group) {
        return queries().getClientCountByGroup(group).value();
    }

    /** Ids of a group's members. */
    default List<String> getClientIdListByGroup(String group) {
        return queries().getClientIdListByGroup(group).value();
    }

    /** A group's members' sessions, by client id. */
    default Map<String, Map<String, Object>> getClientSessionsByGroup(String group) {
        return queries().getClientSessionsByGroup(group).value();
    }

    /** A group's members with their uid, groups and session, by client id. */
    default Map<String, ClientInfo> getClientInfoByGroup(String group) {
        return queries().getClientInfoByGroup(group).value();
    }

    /** Every group with at least one member. */
    default Set<String> getAllGroupIdList() {
        return queries().getAllGroupIdList().value();
    }

    /** Every group with its number of members. */
    default Map<String, Long> getAllGroupClientCount() {
        return queries().getAllGroupClientCount().value();
    }

    /** The distinct uids bound by a group's members. */
    default Set<String> getUidListByGroup(String group) {
        return queries().getUidListByGroup(group).value();
    }

    /** How many distinct uids a group's members are bound to. */
    default long getUidCountByGroup(String group) {
        return getUidListByGroup(group).size();
    }

    /** Ids of the connections bound to the uid. */
    default List<String> getClientIdByUid(String uid) {
        return queries().getClientIdByUid(uid).value();
    }

    /** Whether any connection is bound to the uid. */
    default boolean isUidOnline(String uid) {
        return queries().getClientCountByUid(uid).value() > 0;
    }

    /** Every uid bound by a connected client. */
    default Set<String> getAllUidList() {
        return queries().getAllUidList().value();
    }
}
