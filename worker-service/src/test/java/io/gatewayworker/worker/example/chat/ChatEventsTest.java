package io.gatewayworker.worker.example.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Closed;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Connected;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.worker.cluster.ClusterGateway;
import io.gatewayworker.worker.dispatch.EventDispatcherAccess;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;
import io.gatewayworker.worker.support.FakeGatewayConnection;
import io.gatewayworker.worker.support.FakeGatewayConnections;
import io.gatewayworker.worker.dispatch.ClientEventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The chat protocol, run through the real dispatcher and Gateway implementation over fake gateway streams. */
class ChatEventsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final FakeGatewayConnections view = new FakeGatewayConnections();
    private final FakeGatewayConnection home = view.add("aaaaaaaaaaaa");
    private final FakeGatewayConnection other = view.add("bbbbbbbbbbbb");
    private final String alice = home.client(1);
    private final String bob = other.client(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong eventIds = new AtomicLong();
    private ClientEventSink dispatcher = dispatcher(true);

    private ClientEventSink dispatcher(boolean enabled) {
        SessionCodec codec = new SessionCodec(json);
        ClusterGateway gateway = new ClusterGateway(view, Duration.ofMillis(300), codec, new WorkerMetrics(registry));
        return EventDispatcherAccess.create(new ChatEvents(json, gateway, enabled), gateway, codec,
                new WorkerMetrics(registry));
    }

    @AfterEach
    void tearDown() {
        EventDispatcherAccess.shutdown(dispatcher);
    }

    /** Delivers an event of alice's (on the home gateway) and waits until it is acknowledged. */
    private void deliver(ClientEvent.Builder event) {
        long id = eventIds.incrementAndGet();
        dispatcher.accept(home, event.setEventId(id).setClientId(alice).setSeq(id).build());
        await().atMost(DEADLINE).until(() -> home.acks().contains(id));
    }

    private void say(String text) {
        deliver(ClientEvent.newBuilder().setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(text))));
    }

    private void sayLoggedIn(String text) {
        deliver(ClientEvent.newBuilder().setSession(loggedIn())
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(text))));
    }

    private static Session loggedIn() {
        return Session.newBuilder().putValues("name", ByteString.copyFromUtf8("\"alice\""))
                .putValues("room", ByteString.copyFromUtf8("\"lobby\"")).build();
    }

    private JsonNode payload(Send send) throws Exception {
        return json.readTree(send.getPayload().getData().toStringUtf8());
    }

    private List<Send> sends(FakeGatewayConnection gateway) {
        return gateway.commands().stream().filter(Command::hasSend).map(Command::getSend).toList();
    }

    /** The one message sent to alice alone. */
    private JsonNode onlyReplyToAlice() throws Exception {
        List<Send> sends = sends(home);
        assertEquals(1, home.commands().size(), home.commands().toString());
        assertEquals(List.of(alice), sends.get(0).getTarget().getClientIds().getValuesList());
        assertTrue(other.commands().isEmpty());
        return payload(sends.get(0));
    }

    private static void assertRecentTime(JsonNode message) {
        assertTrue(message.get("time").isNumber(), message.toString());
        assertTrue(Math.abs(System.currentTimeMillis() - message.get("time").asLong()) < 60_000, message.toString());
    }

    @Test
    void aNewClientIsWelcomedWithItsId() throws Exception {
        deliver(ClientEvent.newBuilder().setConnect(Connected.getDefaultInstance()));

        JsonNode welcome = onlyReplyToAlice();
        assertEquals(json.readTree("{\"type\":\"welcome\",\"client_id\":\"" + alice + "\"}"), welcome);
    }

    @Test
    void loginBindsJoinsStoresTheSessionAnnouncesAndListsTheMembers() throws Exception {
        home.answerQueries(query -> Optional.of(QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder()
                .addClients(ClientRecord.newBuilder().setClientId(alice).setSession(loggedIn()))).build()));
        other.answerQueries(query -> Optional.of(QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder()
                .addClients(ClientRecord.newBuilder().setClientId(bob).setSession(Session.newBuilder()
                        .putValues("name", ByteString.copyFromUtf8("\"bob\""))))).build()));

        say("{\"type\":\"login\",\"name\":\"alice\",\"room\":\"lobby\"}");

        List<Command> commands = home.commands();
        assertEquals(6, commands.size(), commands.toString());
        assertEquals(loggedIn().getValuesMap(), commands.get(0).getSession().getSetMap());
        assertEquals("alice", commands.get(1).getBindUid().getUid());
        assertEquals("lobby", commands.get(2).getJoinGroup().getGroup());
        Send announce = commands.get(3).getSend();
        assertEquals(List.of("lobby"), announce.getTarget().getGroups().getValuesList());
        assertEquals(announce, sends(other).get(0));
        JsonNode login = payload(announce);
        assertEquals("login", login.get("type").asText());
        assertEquals(alice, login.get("client_id").asText());
        assertEquals("alice", login.get("name").asText());
        assertEquals("lobby", login.get("room").asText());
        assertRecentTime(login);
        Send members = commands.get(4).getSend();
        assertEquals(List.of(alice), members.getTarget().getClientIds().getValuesList());
        assertEquals(json.readTree("{\"type\":\"members\",\"room\":\"lobby\",\"members\":[{\"client_id\":\""
                + alice + "\",\"name\":\"alice\"},{\"client_id\":\"" + bob + "\",\"name\":\"bob\"}]}"),
                payload(members));
        assertTrue(home.queries().get(0).getClients().getWithSession());
        // The write-back repeats nothing (stored already) and only marks the login's seq.
        var writeBack = commands.get(5).getSession();
        assertEquals(Map.of(), writeBack.getSetMap());
        assertEquals(1, writeBack.getEventSeq());
    }

    @Test
    void aMessageSentRightAfterLoginIsBroadcastNotRefused() throws Exception {
        // The say was stamped before the login's session write-back reached the gateway: its snapshot
        // is empty and written through no seq.
        long loginId = eventIds.incrementAndGet();
        long sayId = eventIds.incrementAndGet();
        dispatcher.accept(home, ClientEvent.newBuilder().setEventId(loginId).setClientId(alice).setSeq(loginId)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(
                        "{\"type\":\"login\",\"name\":\"alice\",\"room\":\"lobby\"}"))).build());
        dispatcher.accept(home, ClientEvent.newBuilder().setEventId(sayId).setClientId(alice).setSeq(sayId)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(
                        "{\"type\":\"say\",\"content\":\"hi all\"}"))).build());
        await().atMost(DEADLINE).until(() -> home.acks().containsAll(List.of(loginId, sayId)));

        List<JsonNode> toRoom = new ArrayList<>();
        for (Send send : sends(home)) {
            JsonNode message = payload(send);
            assertTrue(!"error".equals(message.get("type").asText()), message.toString());
            if (send.getTarget().hasGroups()) {
                toRoom.add(message);
            }
        }
        assertEquals(List.of("login", "say"), toRoom.stream().map(m -> m.get("type").asText()).toList());
        assertEquals("alice", toRoom.get(1).get("from_name").asText());
        assertEquals("hi all", toRoom.get(1).get("content").asText());
    }

    @Test
    void theMembersListHasTheNewMemberEvenWhenItsGatewayDidNotAnswer() throws Exception {
        say("{\"type\":\"login\",\"name\":\"alice\",\"room\":\"lobby\"}");

        // Sent when the query gave up on the silent gateway, after the login was acknowledged.
        await().atMost(DEADLINE).until(() -> sends(home).size() == 2);
        JsonNode members = payload(sends(home).get(1));
        assertEquals(json.readTree("[{\"client_id\":\"" + alice + "\",\"name\":\"alice\"}]"), members.get("members"));
    }

    @Test
    void aMessageWithoutRecipientGoesToTheSendersRoom() throws Exception {
        sayLoggedIn("{\"type\":\"say\",\"content\":\"hi all\"}");

        Send send = sends(home).get(0);
        assertEquals(List.of("lobby"), send.getTarget().getGroups().getValuesList());
        assertEquals(send, sends(other).get(0));
        JsonNode said = payload(send);
        assertEquals("say", said.get("type").asText());
        assertEquals(alice, said.get("from_client_id").asText());
        assertEquals("alice", said.get("from_name").asText());
        assertEquals("room", said.get("to").asText());
        assertEquals("hi all", said.get("content").asText());
        assertRecentTime(said);
        assertEquals(1, home.commands().size());
    }

    @Test
    void aPrivateMessageReachesTheRecipientAndTheSenderOnly() throws Exception {
        sayLoggedIn("{\"type\":\"say\",\"content\":\"psst\",\"to_client_id\":\"" + bob + "\"}");

        Send toBob = sends(other).get(0);
        assertEquals(List.of(bob), toBob.getTarget().getClientIds().getValuesList());
        Send toAlice = sends(home).get(0);
        assertEquals(List.of(alice), toAlice.getTarget().getClientIds().getValuesList());
        assertEquals(toBob.getPayload(), toAlice.getPayload());
        assertEquals("client", payload(toBob).get("to").asText());
        assertEquals("psst", payload(toBob).get("content").asText());
    }

    @Test
    void aMessageToAUidReachesItsConnectionsAndTheSender() throws Exception {
        sayLoggedIn("{\"type\":\"say\",\"content\":\"yo\",\"to_uid\":\"bob\"}");

        Send toUid = sends(other).get(0);
        assertEquals(List.of("bob"), toUid.getTarget().getUids().getValuesList());
        List<Send> home = sends(this.home);
        assertEquals(toUid, home.get(0));
        assertEquals(List.of(alice), home.get(1).getTarget().getClientIds().getValuesList());
        assertEquals("uid", payload(toUid).get("to").asText());
    }

    @Test
    void aMessageToTheSendersOwnUidIsNotSentToItTwice() {
        sayLoggedIn("{\"type\":\"say\",\"content\":\"note to self\",\"to_uid\":\"alice\"}");

        assertEquals(1, home.commands().size());
        assertTrue(home.commands().get(0).getSend().getTarget().hasUids());
    }

    @Test
    void echoReturnsTheDataToTheSenderOnly() throws Exception {
        say("{\"type\":\"echo\",\"data\":{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}}");

        assertEquals(json.readTree("{\"type\":\"echo\",\"data\":{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}}"),
                onlyReplyToAlice());
    }

    @Test
    void aRedeliveredEchoSaysSo() throws Exception {
        deliver(ClientEvent.newBuilder().setRedelivered(true)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8("{\"type\":\"echo\",\"data\":7}"))));

        assertEquals(json.readTree("{\"type\":\"echo\",\"data\":7,\"redelivered\":true}"), onlyReplyToAlice());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json | malformed JSON",
            "[1,2] | a message must be a JSON object",
            "{} | missing field: type",
            "{\"type\":3} | type must be a string",
            "{\"type\":\"dance\"} | unknown type: dance",
            "{\"type\":\"login\",\"name\":\"alice\"} | missing field: room",
            "{\"type\":\"login\",\"name\":\"   \",\"room\":\"lobby\"} | name must be 1 to 32 characters",
            "{\"type\":\"login\",\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"room\":\"lobby\"} | name must be 1 to 32 characters",
            "{\"type\":\"login\",\"name\":\"a\\nb\",\"room\":\"lobby\"} | name must not contain control characters",
            "{\"type\":\"say\",\"content\":\"hi\"} | login first",
            "{\"type\":\"echo\"} | missing field: data",
    })
    void aBadRequestGetsAnErrorAndNothingElseHappens(String request, String reason) throws Exception {
        say(request);

        assertEquals(json.createObjectNode().put("type", "error").put("reason", reason), onlyReplyToAlice());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"login\",\"name\":\"alice\",\"room\":\"x\"} | already logged in as alice",
            "{\"type\":\"say\"} | missing field: content",
            "{\"type\":\"say\",\"content\":\"\"} | content must be 1 to 2000 characters",
            "{\"type\":\"say\",\"content\":\"x\",\"to_client_id\":\"bob\"} | to_client_id is not a client id",
            "{\"type\":\"say\",\"content\":\"x\",\"to_client_id\":\"cccccccccccc1\"} | client cccccccccccc1 is not reachable",
    })
    void aBadRequestOfALoggedInClientGetsAnError(String request, String reason) throws Exception {
        sayLoggedIn(request);

        assertEquals(json.createObjectNode().put("type", "error").put("reason", reason), onlyReplyToAlice());
    }

    @Test
    void binaryDataGetsAnError() throws Exception {
        deliver(ClientEvent.newBuilder().setMessage(Payload.newBuilder().setKind(Payload.Kind.BINARY)
                .setData(ByteString.copyFrom(new byte[] {1}))));

        assertEquals("error", onlyReplyToAlice().get("type").asText());
    }

    @Test
    void theRoomHearsOfALoggedInClientLeaving() throws Exception {
        deliver(ClientEvent.newBuilder().setSession(loggedIn()).setClose(Closed.newBuilder().setCode(1000)));

        Send send = sends(home).get(0);
        assertEquals(List.of("lobby"), send.getTarget().getGroups().getValuesList());
        JsonNode logout = payload(send);
        assertEquals("logout", logout.get("type").asText());
        assertEquals(alice, logout.get("client_id").asText());
        assertEquals("alice", logout.get("name").asText());
        assertRecentTime(logout);
    }

    @Test
    void aClientThatNeverLoggedInLeavesSilently() {
        deliver(ClientEvent.newBuilder().setClose(Closed.getDefaultInstance()));

        assertTrue(home.commands().isEmpty());
        assertTrue(other.commands().isEmpty());
    }

    @Test
    void aDisabledExampleAnswersNothing() {
        EventDispatcherAccess.shutdown(dispatcher);
        dispatcher = dispatcher(false);

        deliver(ClientEvent.newBuilder().setConnect(Connected.getDefaultInstance()));
        say("{\"type\":\"echo\",\"data\":1}");

        assertTrue(home.commands().isEmpty());
    }
}
