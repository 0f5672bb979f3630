package io.gatewayworker.gateway.state;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which local clients are bound to which user id (GatewayWorker's bindUid). A client has at most
 * one uid, and binding another replaces it; a uid may have many clients. Thread-safe: each
 * client's changes run inside {@code byClient.compute} for it.
 */
@ApplicationScoped
public class UidBindings {

    private final ConcurrentHashMap<String, String> byClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> byUid = new ConcurrentHashMap<>();

    public void bind(String clientId, String uid) {
        byClient.compute(clientId, (id, previous) -> {
            if (previous != null && !previous.equals(uid)) {
                detach(previous, id);
            }
            byUid.compute(uid, (u, clients) -> {
                Set<String> result = clients != null ? clients : ConcurrentHashMap.newKeySet(2);
                result.add(id);
                return result;
            });
            return uid;
        });
    }

    /** Removes the binding if the client is bound to {@code uid}; otherwise nothing changes. */
    public void unbind(String clientId, String uid) {
        byClient.computeIfPresent(clientId, (id, current) -> {
            if (!current.equals(uid)) {
                return current;
            }
            detach(current, id);
            return null;
        });
    }

    /** Forgets a closed client. */
    public void removeClient(String clientId) {
        byClient.computeIfPresent(clientId, (id, current) -> {
            detach(current, id);
            return null;
        });
    }

    /** The client's uid, or null when unbound. */
    public String uidOf(String clientId) {
        return byClient.get(clientId);
    }

    /** Live, read-only view of the clients bound to {@code uid}. */
    public Set<String> clients(String uid) {
        Set<String> clients = byUid.get(uid);
        return clients == null ? Set.of() : Collections.unmodifiableSet(clients);
    }

    private void detach(String uid, String clientId) {
        byUid.computeIfPresent(uid, (u, clients) -> {
            clients.remove(clientId);
            return clients.isEmpty() ? null : clients;
        });
    }
}
