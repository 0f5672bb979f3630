package io.gatewayworker.gateway.link;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.hub.ConnectedClient;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.state.GroupMembership;
import io.gatewayworker.gateway.state.SessionStore;
import io.gatewayworker.gateway.state.SessionTooLargeException;
import io.gatewayworker.gateway.state.UidBindings;
import io.gatewayworker.proto.link.CloseClients;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.GroupChange;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.SessionWrite;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.UidChange;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Applies the commands of worker streams and push clients to this gateway's connections. A command
 * that cannot be applied yields a {@link CommandError} for its sender and changes nothing else;
 * commands naming one client fail with CLIENT_NOT_FOUND when it is not connected here, while sends
 * and closes simply skip clients that are gone. Thread-safe; never blocks.
 */
@ApplicationScoped
public class CommandExecutor {

    private final ConnectionRegistry registry;
    private final TargetSelector selector;
    private final GroupMembership groups;
    private final UidBindings uids;
    private final SessionStore sessions;
    private final GatewayMetrics metrics;
    private final ClientIdGenerator ids;

    public CommandExecutor(ConnectionRegistry registry, TargetSelector selector, GroupMembership groups,
            UidBindings uids, SessionStore sessions, GatewayMetrics metrics, ClientIdGenerator ids) {
        this.registry = registry;
        this.selector = selector;
        this.groups = groups;
        this.uids = uids;
        this.sessions = sessions;
        this.metrics = metrics;
        this.ids = ids;
    }

    /** Applies the command; returns the error to report to its sender, or null when it succeeded. */
    public CommandError execute(Command command) {
        metrics.commandExecuted(command.getKindCase());
        try {
            switch (command.getKindCase()) {
                case SEND -> send(command.getSend());
                case CLOSE -> close(command.getClose());
                case JOIN_GROUP -> changeGroup(command.getJoinGroup(), groups::join);
                case LEAVE_GROUP -> changeGroup(command.getLeaveGroup(), groups::leave);
                case UNGROUP -> names(command.getUngroup().getGroupsList(), "group").forEach(groups::ungroup);
                case BIND_UID -> changeUid(command.getBindUid(), uids::bind);
                case UNBIND_UID -> changeUid(command.getUnbindUid(), uids::unbind);
                case SESSION -> writeSession(command.getSession());
                case KIND_NOT_SET -> throw RequestRejected.invalid("command has no kind");
            }
            return null;
        } catch (RequestRejected rejected) {
            metrics.commandRejected(rejected.code());
            return CommandError.newBuilder()
                    .setRequestId(command.getRequestId())
                    .setCode(rejected.code())
                    .setReason(rejected.getMessage())
                    .build();
        }
    }

    private void send(Send send) {
        Payload payload = send.getPayload();
        boolean binary = payload.getKind() == Payload.Kind.BINARY;
        // One buffer for every recipient: transports must treat it as read-only.
        Buffer data = wrap(payload);
        Set<String> excluded = send.getExcludeClientIdsCount() == 0 ? Set.of()
                : new HashSet<>(send.getExcludeClientIdsList());
        Collection<ConnectedClient> clients = selector.select(send.getTarget());
        for (ConnectedClient client : clients) {
            if (!excluded.contains(client.clientId())) {
                client.connection().send(binary, data, payload.getRaw());
            }
        }
        countGone(send.getTarget(), clients.size());
    }

    /**
     * A client id of this gateway whose client is not connected any more has closed: its message is
     * dropped like one sent while the client was closing, and counted the same, so the figure does not
     * depend on whether the close had finished when the send arrived. Ids of other gateways are not
     * ours to count.
     */
    private void countGone(Target target, int found) {
        // Every named id found (a reply to its one client, on nearly every event): none can be gone, so
        // the ids are not walked again.
        if (target.getScopeCase() != Target.ScopeCase.CLIENT_IDS || found >= target.getClientIds().getValuesCount()) {
            return;
        }
        long named = target.getClientIds().getValuesList().stream().distinct().filter(ids::isLocal).count();
        for (long gone = named - found; gone > 0; gone--) {
            metrics.dropped(GatewayMetrics.Drop.CLOSED);
        }
    }

    private void close(CloseClients close) {
        if (close.getDestroy() && close.hasFinalMessage()) {
            // Destroy drops pending output, the final message included: refuse rather than lose it quietly.
            throw RequestRejected.invalid("destroy drops pending output: a final message needs close, not destroy");
        }
        List<String> ids = names(close.getClientIdsList(), "client id");
        for (String id : ids) {
            ConnectedClient client = registry.get(id);
            if (client == null) {
                continue; // closing is idempotent: already gone is fine
            }
            Connection connection = client.connection();
            if (close.hasFinalMessage()) {
                Payload last = close.getFinalMessage();
                connection.send(last.getKind() == Payload.Kind.BINARY, wrap(last), last.getRaw());
            }
            if (close.getDestroy()) {
                connection.destroy(CloseReason.SERVER_CLOSED);
            } else {
                connection.close(CloseReason.SERVER_CLOSED);
            }
        }
    }

    private void changeGroup(GroupChange change, StateChange apply) {
        String group = RequestRejected.requireNonEmpty(change.getGroup(), "group");
        onClient(change.getClientId(), id -> apply.run(id, group));
    }

    private void changeUid(UidChange change, StateChange apply) {
        String uid = RequestRejected.requireNonEmpty(change.getUid(), "uid");
        onClient(change.getClientId(), id -> apply.run(id, uid));
    }

    private void writeSession(SessionWrite write) {
        try {
            onClient(write.getClientId(), id -> {
                // event_seq only raises the client's written-through marker; the values apply in stream order.
                if (write.getReplace()) {
                    sessions.replace(id, write.getSetMap(), write.getEventSeq());
                } else {
                    sessions.update(id, write.getSetMap(), write.getRemoveList(), write.getEventSeq());
                }
            });
        } catch (SessionTooLargeException tooLarge) {
            throw RequestRejected.limit("client " + write.getClientId() + ": " + tooLarge.getMessage());
        }
    }

    /** Applies a change to one connected client's state, or fails with CLIENT_NOT_FOUND. */
    private void onClient(String clientId, Consumer<String> change) {
        RequestRejected.requireNonEmpty(clientId, "client_id");
        ConnectedClient client = registry.get(clientId);
        if (client == null || !client.ifOpen(() -> change.accept(clientId))) {
            throw RequestRejected.notFound(clientId);
        }
    }

    /** The payload's bytes as a read-only buffer over them: no copy (a ByteString never changes). */
    private static Buffer wrap(Payload payload) {
        return Buffer.buffer(Unpooled.wrappedBuffer(payload.getData().asReadOnlyByteBuffer()));
    }

    private static List<String> names(List<String> names, String what) {
        if (names.isEmpty()) {
            throw RequestRejected.invalid("no " + what + " given");
        }
        names.forEach(name -> RequestRejected.requireNonEmpty(name, what));
        return names;
    }

    @FunctionalInterface
    private interface StateChange {
        void run(String clientId, String name);
    }
}
