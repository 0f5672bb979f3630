package io.gatewayworker.gateway.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.hub.ConnectedClient;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.state.GroupMembership;
import io.gatewayworker.gateway.state.SessionStore;
import io.gatewayworker.gateway.state.UidBindings;
import io.gatewayworker.proto.link.ClientQuery;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.GroupQuery;
import io.gatewayworker.proto.link.GroupQueryResult;
import io.gatewayworker.proto.link.GroupRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryError;
import io.gatewayworker.proto.link.QueryResult;

/**
 * Answers queries about this gateway's connections; every query gets exactly one result, an error
 * result when it is malformed. Thread-safe; never blocks.
 */
@ApplicationScoped
public class QueryResponder {

    private final String gatewayId;
    private final ConnectionRegistry registry;
    private final TargetSelector selector;
    private final GroupMembership groups;
    private final UidBindings uids;
    private final SessionStore sessions;

    public QueryResponder(ClientIdGenerator ids, ConnectionRegistry registry, TargetSelector selector,
            GroupMembership groups, UidBindings uids, SessionStore sessions) {
        this.gatewayId = ids.gatewayId();
        this.registry = registry;
        this.selector = selector;
        this.groups = groups;
        this.uids = uids;
        this.sessions = sessions;
    }

    public QueryResult answer(Query query) {
        QueryResult.Builder result = QueryResult.newBuilder()
                .setRequestId(query.getRequestId())
                .setGatewayId(gatewayId);
        try {
            switch (query.getKindCase()) {
                case CLIENTS -> result.setClients(clients(query.getClients()));
                case GROUPS -> result.setGroups(groups(query.getGroups()));
                case KIND_NOT_SET -> throw RequestRejected.invalid("query has no kind");
            }
        } catch (RequestRejected rejected) {
            result.setError(QueryError.newBuilder().setReason(rejected.getMessage()));
        }
        return result.build();
    }

    private ClientQueryResult clients(ClientQuery query) {
        if (query.getCountOnly()) {
            return ClientQueryResult.newBuilder().setCount(selector.count(query.getTarget())).build();
        }
        ClientQueryResult.Builder result = ClientQueryResult.newBuilder();
        for (ConnectedClient client : selector.select(query.getTarget())) {
            String id = client.clientId();
            ClientRecord.Builder record = result.addClientsBuilder().setClientId(id);
            if (query.getWithUid()) {
                String uid = uids.uidOf(id);
                record.setUid(uid == null ? "" : uid);
            }
            if (query.getWithGroups()) {
                record.addAllGroups(groups.groupsOf(id));
            }
            if (query.getWithSession()) {
                record.setSession(sessions.get(id));
            }
        }
        return result.setCount(result.getClientsCount()).build();
    }

    private GroupQueryResult groups(GroupQuery query) {
        Collection<String> names = query.getGroupsCount() == 0 ? groups.groups()
                : new LinkedHashSet<>(query.getGroupsList());
        GroupQueryResult.Builder result = GroupQueryResult.newBuilder();
        for (String group : names) {
            List<String> members = connectedMembers(group);
            if (members.isEmpty()) {
                continue;
            }
            GroupRecord.Builder record = result.addGroupsBuilder().setGroup(group).setClientCount(members.size());
            if (query.getWithClientIds()) {
                record.addAllClientIds(members);
            }
            if (query.getWithUids()) {
                Set<String> bound = new LinkedHashSet<>();
                for (String member : members) {
                    String uid = uids.uidOf(member);
                    if (uid != null) {
                        bound.add(uid);
                    }
                }
                record.addAllUids(bound);
            }
        }
        return result.build();
    }

    /** Members still registered: a client that is closing drops out before its state is cleaned. */
    private List<String> connectedMembers(String group) {
        List<String> members = new ArrayList<>();
        for (String id : groups.members(group)) {
            if (registry.get(id) != null) {
                members.add(id);
            }
        }
        return members;
    }
}
