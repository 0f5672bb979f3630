package io.gatewayworker.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.support.HubFixture;
import io.gatewayworker.gateway.support.HubFixture.RecordingWorker;
import io.gatewayworker.gateway.support.TestConnection;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.CloseClients;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.SessionWrite;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerMessage;

/**
 * Fuzz test of command decoding (docs/fuzzing.md): arbitrary bytes are parsed as a {@link WorkerFrame},
 * as the worker stream receives it, and each message is applied the way {@link WorkerStream} applies
 * it, to the gateway's real state objects wired by hand ({@link HubFixture}) with three connected
 * clients. Hello and drain need a live gRPC call and are left to the stream's own tests.
 * <p>
 * Invariants: bytes that are not a frame fail to parse with InvalidProtocolBufferException only; no
 * exception escapes the executor, the query responder or the ack; a command is rejected exactly when
 * a model of its validity says so, with that code and its request id, and a rejected command or any
 * query leaves groups, uids, sessions and connections unchanged; an accepted command has its effect;
 * state only ever names connected clients and the two views of groups agree.
 */
class WorkerFrameFuzzTest {

    /** Fixed ids (the fixture's generator is random), so that findings replay; the seeds use them. */
    static final List<String> CLIENT_IDS = List.of("0123456789ab1", "0123456789ab2", "0123456789ab3");

    /** Every input attaches a worker, which the router logs at INFO: millions of lines when fuzzing. */
    private static final Logger ROUTER_LOG = Logger.getLogger("io.gatewayworker.gateway.routing");
    private static Level routerLevel;

    @BeforeAll
    static void quietRouter() {
        routerLevel = ROUTER_LOG.getLevel();
        ROUTER_LOG.setLevel(Level.WARNING);
    }

    @AfterAll
    static void restoreRouter() {
        ROUTER_LOG.setLevel(routerLevel);
    }

    @FuzzTest(maxDuration = "3m")
    void anyWorkerFrameIsAppliedOrRejectedWithoutCorruptingState(byte[] input) {
        WorkerFrame frame;
        try {
            frame = WorkerFrame.parseFrom(input);
        } catch (InvalidProtocolBufferException notAFrame) {
            return; // the gRPC layer fails the call; nothing reaches the gateway's state
        }
        Gateway gateway = new Gateway();
        for (WorkerMessage message : frame.getMessagesList()) {
            switch (message.getKindCase()) {
                case COMMAND -> gateway.execute(message.getCommand());
                case QUERY -> gateway.answer(message.getQuery());
                case ACK -> gateway.worker.ack(message.getAck().getEventIdsList());
                case HELLO, DRAIN, KIND_NOT_SET -> {
                    // stream-level messages: WorkerStream handles them before any state is touched
                }
            }
            gateway.assertConsistent();
        }
    }

    /** The gateway's default largest worker frame (gateway.worker.max-frame-size): fuzzed answers stay far below it. */
    private static final int MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** A gateway's state objects with three connected clients, some state, and the checks. */
    static final class Gateway {

        final HubFixture hub = new HubFixture();
        final CommandExecutor executor = new CommandExecutor(hub.registry,
                new TargetSelector(hub.registry, hub.groups, hub.uids), hub.groups, hub.uids, hub.sessions,
                hub.metrics, hub.ids);
        final QueryResponder queries = new QueryResponder(hub.ids, hub.registry,
                new TargetSelector(hub.registry, hub.groups, hub.uids), hub.groups, hub.uids, hub.sessions,
                MAX_FRAME_SIZE);
        final RecordingWorker worker = hub.attachWorker("w", 1000);
        final Map<String, TestConnection> connections = new LinkedHashMap<>();

        Gateway() {
            for (String id : CLIENT_IDS) {
                TestConnection connection = new TestConnection(id, Transport.TCP);
                assertTrue(hub.hub.opened(connection).accepted());
                connections.put(id, connection);
            }
            hub.groups.join(CLIENT_IDS.get(0), "red");
            hub.groups.join(CLIENT_IDS.get(1), "red");
            hub.uids.bind(CLIENT_IDS.get(1), "bob");
            hub.sessions.replace(CLIENT_IDS.get(2), Map.of("k", ByteString.copyFromUtf8("1")), 3);
        }

        void execute(Command command) {
            Snapshot before = snapshot(command);
            CommandError.Code expected = expectedRejection(command);
            Map<String, Integer> sentBefore = new LinkedHashMap<>();
            connections.forEach((id, connection) -> sentBefore.put(id, connection.sent().size()));
            CommandError error = executor.execute(command);
            if (expected != null) {
                assertNotNull(error, () -> "should be rejected with " + expected + ": " + command);
                assertEquals(expected, error.getCode(), () -> command.toString());
                assertEquals(command.getRequestId(), error.getRequestId());
                assertFalse(error.getReason().isEmpty());
                assertEquals(before, snapshot(command), () -> "a rejected command changed state: " + command);
            } else {
                assertNull(error, () -> "should be accepted: " + command + " but got " + error);
                assertApplied(command, sentBefore);
            }
            settleCloses();
        }

        void answer(Query query) {
            Snapshot before = snapshot(Command.getDefaultInstance());
            QueryResult result = queries.answer(query);
            assertEquals(before, snapshot(Command.getDefaultInstance()), "a query changed state");
            assertEquals(query.getRequestId(), result.getRequestId());
            assertEquals(hub.ids.gatewayId(), result.getGatewayId());
            assertNotEquals(QueryResult.KindCase.KIND_NOT_SET, result.getKindCase());
            if (result.hasClients() && !query.getClients().getCountOnly()) {
                ClientQueryResult clients = result.getClients();
                assertEquals(clients.getClientsCount(), clients.getCount());
                clients.getClientsList().forEach(record -> assertNotNull(hub.registry.get(record.getClientId())));
            }
            if (result.hasGroups()) {
                result.getGroups().getGroupsList().forEach(group -> assertTrue(group.getClientCount() > 0));
            }
        }

        /** The transport reports the closes the executor asked for, as a real connection does. */
        private void settleCloses() {
            connections.values().stream()
                    .filter(connection -> !connection.isOpen() && hub.registry.get(connection.clientId()) != null)
                    .forEach(connection -> hub.hub.closed(connection, connection.closedWith().code(), ""));
        }

        /** Groups, uids and sessions name only connected clients, and both views of groups agree. */
        void assertConsistent() {
            for (String group : hub.groups.groups()) {
                assertFalse(group.isEmpty(), "a group named by the empty string");
                for (String member : hub.groups.members(group)) {
                    assertNotNull(hub.registry.get(member), () -> "group " + group + " holds " + member);
                    assertTrue(hub.groups.groupsOf(member).contains(group));
                }
            }
            for (String id : connections.keySet()) {
                boolean connected = hub.registry.get(id) != null;
                hub.groups.groupsOf(id).forEach(group -> assertTrue(hub.groups.members(group).contains(id)));
                String uid = hub.uids.uidOf(id);
                if (uid != null) {
                    assertTrue(connected && !uid.isEmpty() && hub.uids.clients(uid).contains(id));
                }
                if (!connected) {
                    assertEquals(Set.of(), hub.groups.groupsOf(id));
                    assertEquals(0, hub.sessions.get(id).getValuesCount());
                }
            }
        }

        /** The code the executor must answer with, or null when the command is valid and applies. */
        CommandError.Code expectedRejection(Command command) {
            return switch (command.getKindCase()) {
                case SEND -> invalidTarget(command.getSend().getTarget()) ? CommandError.Code.INVALID_ARGUMENT : null;
                case CLOSE -> {
                    CloseClients close = command.getClose();
                    boolean invalid = close.getDestroy() && close.hasFinalMessage() || invalidNames(close.getClientIdsList());
                    yield invalid ? CommandError.Code.INVALID_ARGUMENT : null;
                }
                case JOIN_GROUP, LEAVE_GROUP -> {
                    var change = command.hasJoinGroup() ? command.getJoinGroup() : command.getLeaveGroup();
                    yield oneClient(change.getClientId(), change.getGroup().isEmpty());
                }
                case BIND_UID, UNBIND_UID -> {
                    var change = command.hasBindUid() ? command.getBindUid() : command.getUnbindUid();
                    yield oneClient(change.getClientId(), change.getUid().isEmpty());
                }
                case UNGROUP -> invalidNames(command.getUngroup().getGroupsList()) ? CommandError.Code.INVALID_ARGUMENT
                        : null;
                case SESSION -> oneClient(command.getSession().getClientId(), false);
                case KIND_NOT_SET -> CommandError.Code.INVALID_ARGUMENT;
            };
        }

        private CommandError.Code oneClient(String clientId, boolean invalidName) {
            if (invalidName || clientId.isEmpty()) {
                return CommandError.Code.INVALID_ARGUMENT;
            }
            return hub.registry.get(clientId) == null ? CommandError.Code.CLIENT_NOT_FOUND : null;
        }

        private static boolean invalidTarget(Target target) {
            return switch (target.getScopeCase()) {
                case ALL -> false;
                case CLIENT_IDS -> invalidNames(target.getClientIds().getValuesList());
                case GROUPS -> invalidNames(target.getGroups().getValuesList());
                case UIDS -> invalidNames(target.getUids().getValuesList());
                case SCOPE_NOT_SET -> true;
            };
        }

        private static boolean invalidNames(List<String> names) {
            return names.isEmpty() || names.contains("");
        }

        /** The effect an accepted command must have had. */
        private void assertApplied(Command command, Map<String, Integer> sentBefore) {
            switch (command.getKindCase()) {
                case JOIN_GROUP -> assertTrue(hub.groups.members(command.getJoinGroup().getGroup())
                        .contains(command.getJoinGroup().getClientId()));
                case LEAVE_GROUP -> assertFalse(hub.groups.members(command.getLeaveGroup().getGroup())
                        .contains(command.getLeaveGroup().getClientId()));
                case UNGROUP -> command.getUngroup().getGroupsList()
                        .forEach(group -> assertEquals(Set.of(), hub.groups.members(group)));
                case BIND_UID -> assertEquals(command.getBindUid().getUid(),
                        hub.uids.uidOf(command.getBindUid().getClientId()));
                case UNBIND_UID -> assertNotEquals(command.getUnbindUid().getUid(),
                        hub.uids.uidOf(command.getUnbindUid().getClientId()));
                case SESSION -> assertSessionWritten(command.getSession());
                case CLOSE -> command.getClose().getClientIdsList().stream()
                        .map(connections::get)
                        .filter(connection -> connection != null)
                        .forEach(connection -> assertEquals(CloseReason.SERVER_CLOSED, connection.closedWith()));
                case SEND -> command.getSend().getExcludeClientIdsList().stream()
                        .filter(connections::containsKey)
                        .forEach(id -> assertEquals(sentBefore.get(id), connections.get(id).sent().size(),
                                () -> "an excluded client was sent to: " + id));
                case KIND_NOT_SET -> throw new AssertionError("a command without a kind was accepted");
            }
        }

        private void assertSessionWritten(SessionWrite write) {
            var session = hub.sessions.get(write.getClientId());
            Map<String, ByteString> values = session.getValuesMap();
            if (write.getReplace()) {
                assertEquals(write.getSetMap(), values);
            } else {
                write.getSetMap().forEach((key, value) -> {
                    if (!write.getRemoveList().contains(key)) {
                        assertEquals(value, values.get(key));
                    }
                });
                write.getRemoveList().forEach(key -> assertFalse(values.containsKey(key)));
            }
            assertTrue(session.getWrittenThroughSeq() >= write.getEventSeq());
        }

        /** Everything a command may change, for the known clients and the ones the command names. */
        private Snapshot snapshot(Command command) {
            Set<String> ids = new TreeSet<>(connections.keySet());
            ids.addAll(namedClientIds(command));
            Map<String, Set<String>> groups = new TreeMap<>();
            hub.groups.groups().forEach(group -> groups.put(group, new TreeSet<>(hub.groups.members(group))));
            Map<String, String> uids = new TreeMap<>();
            Map<String, Object> sessions = new TreeMap<>();
            for (String id : ids) {
                uids.put(id, String.valueOf(hub.uids.uidOf(id)));
                sessions.put(id, hub.sessions.get(id));
            }
            List<String> connectionStates = new ArrayList<>();
            connections.values().forEach(c -> connectionStates.add(c.clientId() + " " + c.sent() + " " + c.closedWith()));
            return new Snapshot(groups, uids, sessions, connectionStates);
        }

        private static Set<String> namedClientIds(Command command) {
            Set<String> ids = new LinkedHashSet<>();
            switch (command.getKindCase()) {
                case JOIN_GROUP -> ids.add(command.getJoinGroup().getClientId());
                case LEAVE_GROUP -> ids.add(command.getLeaveGroup().getClientId());
                case BIND_UID -> ids.add(command.getBindUid().getClientId());
                case UNBIND_UID -> ids.add(command.getUnbindUid().getClientId());
                case SESSION -> ids.add(command.getSession().getClientId());
                case CLOSE -> ids.addAll(command.getClose().getClientIdsList());
                case SEND -> {
                    Target target = command.getSend().getTarget();
                    if (target.hasClientIds()) {
                        ids.addAll(target.getClientIds().getValuesList());
                    }
                }
                default -> {
                    // names no client
                }
            }
            return ids;
        }
    }

    record Snapshot(Map<String, Set<String>> groups, Map<String, String> uids, Map<String, Object> sessions,
            List<String> connections) {
    }
}
