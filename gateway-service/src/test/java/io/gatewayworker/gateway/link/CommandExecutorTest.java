package io.gatewayworker.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.support.HubFixture;
import io.gatewayworker.gateway.support.HubFixture.RecordingWorker;
import io.gatewayworker.gateway.support.TestConnection;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.CloseClients;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.GroupChange;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.SessionWrite;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.UidChange;
import io.gatewayworker.proto.link.Ungroup;
import io.vertx.core.buffer.Buffer;

class CommandExecutorTest {

    private final HubFixture gateway = new HubFixture();
    private final CommandExecutor executor = new CommandExecutor(gateway.registry,
            new TargetSelector(gateway.registry, gateway.groups, gateway.uids), gateway.groups, gateway.uids,
            gateway.sessions, gateway.metrics, gateway.ids);
    private final TestConnection a;
    private final TestConnection b;
    private final TestConnection c;
    private final RecordingWorker worker;

    CommandExecutorTest() {
        worker = gateway.attachWorker("w", 100);
        a = gateway.connect(Transport.WEBSOCKET);
        b = gateway.connect(Transport.TCP);
        c = gateway.connect(Transport.WEBSOCKET);
    }

    @Test
    void sendToAllSkipsExcludedClients() {
        assertNull(executor.execute(send(Target.newBuilder().setAll(true), "hi", c.clientId())));

        assertEquals(List.of("hi"), a.texts());
        assertEquals(List.of("hi"), b.texts());
        assertEquals(List.of(), c.texts());
    }

    @Test
    void sendToClientIdsIgnoresUnknownAndOtherGatewaysIds() {
        Command command = send(Target.newBuilder().setClientIds(list(b.clientId(), "aaaaaaaaaaaa1", b.clientId())), "x");

        assertNull(executor.execute(command));

        assertEquals(List.of("x"), b.texts());
        assertEquals(List.of(), a.texts());
    }

    @Test
    void aSendToAClientOfThisGatewayThatIsGoneCountsAsDroppedClosed() {
        String gone = gateway.ids.next(); // an id of this gateway, never connected (or closed since)
        Command command = send(Target.newBuilder().setClientIds(list(b.clientId(), gone, gone, "aaaaaaaaaaaa1")), "x");

        assertNull(executor.execute(command));

        assertEquals(List.of("x"), b.texts());
        assertEquals(1.0, gateway.meters.get("gw.gateway.messages.dropped").tag("reason", "closed").counter().count(),
                "the gone client of this gateway, once; another gateway's id is not counted");
    }

    @Test
    void aClientInSeveralListedGroupsGetsTheMessageOnce() {
        join(a, "red");
        join(a, "blue");
        join(b, "blue");

        assertNull(executor.execute(send(Target.newBuilder().setGroups(list("red", "blue", "green")), "once")));

        assertEquals(List.of("once"), a.texts());
        assertEquals(List.of("once"), b.texts());
        assertEquals(List.of(), c.texts());
    }

    @Test
    void sendToUidReachesEveryBoundConnection() {
        execute(Command.newBuilder().setBindUid(UidChange.newBuilder().setClientId(a.clientId()).setUid("alice")));
        execute(Command.newBuilder().setBindUid(UidChange.newBuilder().setClientId(c.clientId()).setUid("alice")));

        assertNull(executor.execute(send(Target.newBuilder().setUids(list("alice")), "for alice")));

        assertEquals(List.of("for alice"), a.texts());
        assertEquals(List.of("for alice"), c.texts());
        assertEquals(List.of(), b.texts());
    }

    @Test
    void binaryAndRawFlagsReachTheConnection() {
        Command command = Command.newBuilder().setSend(Send.newBuilder()
                .setTarget(Target.newBuilder().setClientIds(list(b.clientId())))
                .setPayload(Payload.newBuilder().setKind(Payload.Kind.BINARY).setRaw(true)
                        .setData(ByteString.copyFromUtf8("raw")))).build();

        assertNull(executor.execute(command));

        assertEquals(List.of(new TestConnection.Sent(true, "raw", true)), b.sent());
    }

    @Test
    void closeSendsTheFinalMessageThenClosesAndDestroyDestroys() {
        execute(Command.newBuilder().setClose(CloseClients.newBuilder().addClientIds(a.clientId())
                .setFinalMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8("bye")))));
        execute(Command.newBuilder().setClose(CloseClients.newBuilder().addClientIds(b.clientId()).setDestroy(true)));

        assertEquals(List.of("bye"), a.texts());
        assertEquals(CloseReason.SERVER_CLOSED, a.closedWith());
        assertFalse(a.destroyed());
        assertTrue(b.destroyed());
        assertTrue(c.isOpen());
    }

    @Test
    void destroyWithAFinalMessageIsRefusedAndTheClientStaysOpen() {
        CommandError error = executor.execute(Command.newBuilder().setClose(CloseClients.newBuilder()
                .addClientIds(a.clientId()).setDestroy(true)
                .setFinalMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8("lost")))).build());

        assertEquals(CommandError.Code.INVALID_ARGUMENT, error.getCode());
        assertTrue(error.getReason().contains("destroy"), error.getReason());
        assertTrue(a.isOpen());
        assertEquals(List.of(), a.texts());
    }

    @Test
    void groupJoinLeaveAndUngroupChangeMembership() {
        join(a, "lobby");
        join(b, "lobby");
        execute(Command.newBuilder().setLeaveGroup(GroupChange.newBuilder().setClientId(a.clientId()).setGroup("lobby")));
        assertEquals(Set.of(b.clientId()), gateway.groups.members("lobby"));

        execute(Command.newBuilder().setUngroup(Ungroup.newBuilder().addGroups("lobby")));
        assertEquals(Set.of(), gateway.groups.members("lobby"));
    }

    @Test
    void sessionWritesReplaceOrMerge() {
        String id = a.clientId();
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setReplace(true)
                .putSet("name", json("\"alice\"")).putSet("room", json("\"lobby\""))));
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id)
                .putSet("score", json("3")).addRemove("room")));

        assertEquals(Map.of("name", json("\"alice\""), "score", json("3")), gateway.sessions.get(id).getValuesMap());
    }

    @Test
    void aSessionWriteOverTheLimitIsRefusedWithLimitExceededAndChangesNothing() {
        String id = a.clientId();
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setReplace(true)
                .putSet("name", json("\"alice\""))));
        ByteString half = json("\"" + "x".repeat(gateway.sessions.maxBytes() / 2) + "\"");
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).putSet("first", half)));

        // Small on its own; too much on top of what the session holds.
        CommandError error = executor.execute(Command.newBuilder().setRequestId(42).setSession(
                SessionWrite.newBuilder().setClientId(id).putSet("second", half).setEventSeq(9)).build());

        assertEquals(CommandError.Code.LIMIT_EXCEEDED, error.getCode());
        assertEquals(42, error.getRequestId());
        assertTrue(error.getReason().contains(id) && error.getReason().contains("gateway.session.max-bytes"),
                error.getReason());
        assertEquals(Set.of("name", "first"), gateway.sessions.get(id).getValuesMap().keySet());
        assertEquals(0, gateway.sessions.get(id).getWrittenThroughSeq()); // the refused write's seq did not count
        assertNull(executor.execute(send(Target.newBuilder().setClientIds(list(id)), "still served")));
        assertEquals(List.of("still served"), a.texts());
    }

    @Test
    void theNextEventAfterAWriteBackCarriesItsValuesAndItsEventSeq() {
        String id = a.clientId();
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setEventSeq(5)
                .putSet("name", json("\"alice\""))));

        gateway.hub.received(a, false, Buffer.buffer("say"));

        ClientEvent say = lastEventOf(id);
        assertEquals(5, say.getSession().getWrittenThroughSeq());
        assertEquals(Map.of("name", json("\"alice\"")), say.getSession().getValuesMap());
    }

    @Test
    void aWriteNotTiedToAnEventAppliesItsValuesAndKeepsTheMarker() {
        String id = a.clientId();
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setEventSeq(5)
                .putSet("name", json("\"alice\""))));
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id)
                .putSet("score", json("1"))));
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setReplace(true)
                .putSet("room", json("\"lobby\""))));

        gateway.hub.received(a, false, Buffer.buffer("say"));

        ClientEvent say = lastEventOf(id);
        assertEquals(5, say.getSession().getWrittenThroughSeq());
        assertEquals(Map.of("room", json("\"lobby\"")), say.getSession().getValuesMap());
    }

    @Test
    void aWriteWithALowerEventSeqStillAppliesItsValuesButNotItsNumber() {
        String id = a.clientId();
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setEventSeq(7)
                .putSet("n", json("7"))));
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setEventSeq(6)
                .putSet("n", json("6")).putSet("extra", json("true"))));

        assertEquals(7, gateway.sessions.get(id).getWrittenThroughSeq());
        assertEquals(Map.of("n", json("6"), "extra", json("true")), gateway.sessions.get(id).getValuesMap());
    }

    @Test
    void aWriteBackThatEmptiesTheSessionStillMarksIt() {
        String id = a.clientId();
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).putSet("n", json("1"))));
        execute(Command.newBuilder().setSession(SessionWrite.newBuilder().setClientId(id).setEventSeq(3)
                .addRemove("n")));

        gateway.hub.received(a, false, Buffer.buffer("next"));

        ClientEvent next = lastEventOf(id);
        assertEquals(Map.of(), next.getSession().getValuesMap());
        assertEquals(3, next.getSession().getWrittenThroughSeq());
    }

    @Test
    void aSingleClientCommandForAnUnknownClientFailsWithClientNotFound() {
        CommandError error = executor.execute(Command.newBuilder().setRequestId(42)
                .setJoinGroup(GroupChange.newBuilder().setClientId(gateway.ids.gatewayId() + "ff").setGroup("g")).build());

        assertEquals(42, error.getRequestId());
        assertEquals(CommandError.Code.CLIENT_NOT_FOUND, error.getCode());
        assertEquals(Set.of(), gateway.groups.groups());
    }

    @Test
    void malformedCommandsFailWithInvalidArgumentAndChangeNothing() {
        List<Command> malformed = List.of(
                Command.newBuilder().setRequestId(1).build(),
                Command.newBuilder().setRequestId(2).setJoinGroup(GroupChange.newBuilder().setClientId(a.clientId())).build(),
                Command.newBuilder().setRequestId(3).setBindUid(UidChange.newBuilder().setUid("alice")).build(),
                Command.newBuilder().setRequestId(4).setSend(Send.newBuilder()).build(),
                Command.newBuilder().setRequestId(5).setSend(Send.newBuilder().setTarget(
                        Target.newBuilder().setGroups(StringList.getDefaultInstance()))).build(),
                Command.newBuilder().setRequestId(6).setClose(CloseClients.newBuilder().addClientIds("")).build(),
                Command.newBuilder().setRequestId(7).setUngroup(Ungroup.getDefaultInstance()).build());

        for (Command command : malformed) {
            CommandError error = executor.execute(command);
            assertEquals(CommandError.Code.INVALID_ARGUMENT, error.getCode(), command.toString());
            assertEquals(command.getRequestId(), error.getRequestId());
        }
        assertEquals(Set.of(), gateway.groups.groups());
        assertTrue(a.isOpen() && b.isOpen() && c.isOpen());
        assertEquals(List.of(), a.sent());
    }

    @Test
    void commandsAreCountedByType() {
        join(a, "g");
        join(b, "g");

        assertEquals(2.0, gateway.meters.get("gw.gateway.commands").tag("type", "join_group").counter().count());
    }

    private void join(TestConnection connection, String group) {
        execute(Command.newBuilder().setJoinGroup(GroupChange.newBuilder().setClientId(connection.clientId()).setGroup(group)));
    }

    private ClientEvent lastEventOf(String clientId) {
        List<ClientEvent> events = worker.events().stream().filter(e -> e.getClientId().equals(clientId)).toList();
        return events.get(events.size() - 1);
    }

    private void execute(Command.Builder command) {
        CommandError error = executor.execute(command.build());
        assertNull(error, () -> "unexpected error " + error);
    }

    private static Command send(Target.Builder target, String text, String... exclude) {
        return Command.newBuilder().setSend(Send.newBuilder().setTarget(target).addAllExcludeClientIds(List.of(exclude))
                .setPayload(Payload.newBuilder().setData(ByteString.copyFromUtf8(text)))).build();
    }

    private static StringList list(String... values) {
        return StringList.newBuilder().addAllValues(List.of(values)).build();
    }

    private static ByteString json(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
