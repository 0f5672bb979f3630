package io.gatewayworker.gateway.state;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which local clients are in which groups, both ways. Any non-empty string names a group; a group
 * exists while it has a member. Thread-safe.
 * <p>
 * Every change to one client's memberships runs inside {@code byClient.compute} for that client, so
 * the two maps cannot disagree about it; sets are created on first use so clients in no group cost
 * nothing here.
 */
@ApplicationScoped
public class GroupMembership {

    private final ConcurrentHashMap<String, Set<String>> byGroup = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> byClient = new ConcurrentHashMap<>();

    public void join(String clientId, String group) {
        byClient.compute(clientId, (id, groups) -> {
            Set<String> result = groups != null ? groups : ConcurrentHashMap.newKeySet(2);
            result.add(group);
            byGroup.compute(group, (g, members) -> add(members, id));
            return result;
        });
    }

    public void leave(String clientId, String group) {
        byClient.computeIfPresent(clientId, (id, groups) -> {
            if (groups.remove(group)) {
                byGroup.computeIfPresent(group, (g, members) -> remove(members, id));
            }
            return groups.isEmpty() ? null : groups;
        });
    }

    /** Dissolves the group: every member leaves it. */
    public void ungroup(String group) {
        Set<String> members = byGroup.remove(group);
        if (members != null) {
            members.forEach(id -> byClient.computeIfPresent(id, (c, groups) -> {
                // A join racing with us may already have put the client in a fresh set: keep that.
                if (!members(group).contains(c)) {
                    groups.remove(group);
                }
                return groups.isEmpty() ? null : groups;
            }));
        }
    }

    /** Forgets a closed client. */
    public void removeClient(String clientId) {
        byClient.computeIfPresent(clientId, (id, groups) -> {
            groups.forEach(group -> byGroup.computeIfPresent(group, (g, members) -> remove(members, id)));
            return null;
        });
    }

    /** Live, read-only view of the group's members; empty when the group has none. */
    public Set<String> members(String group) {
        Set<String> members = byGroup.get(group);
        return members == null ? Set.of() : Collections.unmodifiableSet(members);
    }

    /** Live, read-only view of the client's groups. */
    public Set<String> groupsOf(String clientId) {
        Set<String> groups = byClient.get(clientId);
        return groups == null ? Set.of() : Collections.unmodifiableSet(groups);
    }

    /** Live, read-only view of every group with at least one member. */
    public Set<String> groups() {
        return Collections.unmodifiableSet(byGroup.keySet());
    }

    private static Set<String> add(Set<String> members, String clientId) {
        Set<String> result = members != null ? members : ConcurrentHashMap.newKeySet();
        result.add(clientId);
        return result;
    }

    private static Set<String> remove(Set<String> members, String clientId) {
        members.remove(clientId);
        return members.isEmpty() ? null : members;
    }
}
