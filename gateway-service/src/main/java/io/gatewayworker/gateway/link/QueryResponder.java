package io.gatewayworker.gateway.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gatewayworker.gateway.config.GatewayConfig;
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
import io.gatewayworker.proto.link.Session;

/**
 * Answers queries about this gateway's connections; every query gets exactly one result, an error
 * result when it is malformed or when its answer would not fit in one frame of the stream
 * ({@code gateway.worker.max-frame-size}, less room for the frame's own headers): a worker's gRPC
 * channel ends the whole stream on a larger frame, so a big answer (the sessions of many clients)
 * becomes a QueryError naming the limit instead. The answer is sized while it is built, so a refused
 * one never takes more memory than the limit. Thread-safe; never blocks.
 */
@ApplicationScoped
public class QueryResponder {

    /** Room a frame needs around its largest message: the frame's and the message's own headers. */
    private static final int FRAME_OVERHEAD = 64;
    /** A record's tag, length and small fields (count, empty strings) at most. */
    private static final int RECORD_OVERHEAD = 24;
    /** A repeated or nested field's tag and length at most. */
    private static final int FIELD_OVERHEAD = 6;

    private final String gatewayId;
    private final ConnectionRegistry registry;
    private final TargetSelector selector;
    private final GroupMembership groups;
    private final UidBindings uids;
    private final SessionStore sessions;
    private final int maxAnswerBytes;

    @Inject
    public QueryResponder(ClientIdGenerator ids, ConnectionRegistry registry, TargetSelector selector,
            GroupMembership groups, UidBindings uids, SessionStore sessions, GatewayConfig config) {
        this(ids, registry, selector, groups, uids, sessions, config.worker().maxFrameSize());
    }

    /** {@code maxFrameSize}: the largest frame a worker accepts; answers stay below it. */
    public QueryResponder(ClientIdGenerator ids, ConnectionRegistry registry, TargetSelector selector,
            GroupMembership groups, UidBindings uids, SessionStore sessions, int maxFrameSize) {
        this.maxAnswerBytes = Math.max(0, maxFrameSize - FRAME_OVERHEAD);
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
            result.clearKind().setError(QueryError.newBuilder().setReason(rejected.getMessage()));
        }
        QueryResult answer = result.build();
        if (answer.getSerializedSize() > maxAnswerBytes) {
            // The running estimate is close but not exact (non-ASCII names): the real size decides.
            return QueryResult.newBuilder().setRequestId(query.getRequestId()).setGatewayId(gatewayId)
                    .setError(QueryError.newBuilder().setReason(tooLarge())).build();
        }
        return answer;
    }

    private String tooLarge() {
        return "answer too large: over " + maxAnswerBytes + " bytes, more than one frame of the stream carries"
                + " (gateway.worker.max-frame-size); ask for less: one group, without sessions, or counts only";
    }

    /** Adds an answer's part to its running size; refuses the query once the answer could not be sent. */
    private long grow(long size, long part) {
        long grown = size + part;
        if (grown > maxAnswerBytes) {
            throw RequestRejected.limit(tooLarge());
        }
        return grown;
    }

    private ClientQueryResult clients(ClientQuery query) {
        if (query.getCountOnly()) {
            return ClientQueryResult.newBuilder().setCount(selector.count(query.getTarget())).build();
        }
        ClientQueryResult.Builder result = ClientQueryResult.newBuilder();
        long size = 0;
        for (ConnectedClient client : selector.select(query.getTarget())) {
            String id = client.clientId();
            size = grow(size, RECORD_OVERHEAD + id.length());
            ClientRecord.Builder record = result.addClientsBuilder().setClientId(id);
            if (query.getWithUid()) {
                String uid = uids.uidOf(id);
                record.setUid(uid == null ? "" : uid);
                size = grow(size, record.getUid().length());
            }
            if (query.getWithGroups()) {
                Collection<String> in = groups.groupsOf(id);
                for (String group : in) {
                    size = grow(size, FIELD_OVERHEAD + group.length());
                }
                record.addAllGroups(in);
            }
            if (query.getWithSession()) {
                Session session = sessions.get(id);
                size = grow(size, FIELD_OVERHEAD + session.getSerializedSize());
                record.setSession(session);
            }
        }
        return result.setCount(result.getClientsCount()).build();
    }

    private GroupQueryResult groups(GroupQuery query) {
        Collection<String> names = query.getGroupsCount() == 0 ? groups.groups()
                : new LinkedHashSet<>(query.getGroupsList());
        GroupQueryResult.Builder result = GroupQueryResult.newBuilder();
        long size = 0;
        for (String group : names) {
            List<String> members = connectedMembers(group);
            if (members.isEmpty()) {
                continue;
            }
            size = grow(size, RECORD_OVERHEAD + group.length());
            GroupRecord.Builder record = result.addGroupsBuilder().setGroup(group).setClientCount(members.size());
            if (query.getWithClientIds()) {
                for (String member : members) {
                    size = grow(size, FIELD_OVERHEAD + member.length());
                }
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
                for (String uid : bound) {
                    size = grow(size, FIELD_OVERHEAD + uid.length());
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
