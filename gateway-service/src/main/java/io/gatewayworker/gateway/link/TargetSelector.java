package io.gatewayworker.gateway.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.hub.ConnectedClient;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.state.GroupMembership;
import io.gatewayworker.gateway.state.UidBindings;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;

/** Resolves a command's or query's {@link Target} to this gateway's connected clients, each once. */
@ApplicationScoped
public class TargetSelector {

    private final ConnectionRegistry registry;
    private final GroupMembership groups;
    private final UidBindings uids;

    public TargetSelector(ConnectionRegistry registry, GroupMembership groups, UidBindings uids) {
        this.registry = registry;
        this.groups = groups;
        this.uids = uids;
    }

    /**
     * The selected clients, without duplicates. Ids of other gateways' clients are ignored.
     *
     * @throws RequestRejected when the target has no scope, an empty list or an empty name
     */
    public Collection<ConnectedClient> select(Target target) {
        return switch (target.getScopeCase()) {
            case ALL -> target.getAll() ? registry.all() : List.of();
            case CLIENT_IDS -> resolve(names(target.getClientIds(), "client id"), List::of);
            case GROUPS -> resolve(names(target.getGroups(), "group"), groups::members);
            case UIDS -> resolve(names(target.getUids(), "uid"), uids::clients);
            case SCOPE_NOT_SET -> throw RequestRejected.invalid("target has no scope");
        };
    }

    /** How many clients {@link #select} would return, without listing them when it can. */
    public int count(Target target) {
        if (target.getScopeCase() == Target.ScopeCase.ALL && target.getAll()) {
            return registry.count();
        }
        return select(target).size();
    }

    private Collection<ConnectedClient> resolve(List<String> names, Function<String, Collection<String>> clientIds) {
        Collection<String> ids;
        if (names.size() == 1) {
            ids = clientIds.apply(names.get(0));
        } else {
            Set<String> union = new LinkedHashSet<>();
            names.forEach(name -> union.addAll(clientIds.apply(name)));
            ids = union;
        }
        List<ConnectedClient> selected = new ArrayList<>(ids.size());
        for (String id : ids) {
            ConnectedClient client = registry.get(id);
            if (client != null) {
                selected.add(client);
            }
        }
        return selected;
    }

    private static List<String> names(StringList list, String what) {
        if (list.getValuesCount() == 0) {
            throw RequestRejected.invalid("target lists no " + what);
        }
        List<String> names = list.getValuesList();
        names.forEach(name -> RequestRejected.requireNonEmpty(name, what));
        return names.size() > 1 ? List.copyOf(new LinkedHashSet<>(names)) : names;
    }
}
