package io.gatewayworker.worker.example.chat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Connected;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.api.Events;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.cluster.ClusterGateway;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;

/**
 * The running worker's dispatcher, Gateway bean and example app over a real gateway stream: events
 * come from a test gateway (recorded by the test sink, which stands in for the dispatcher here, and
 * handed on to the real dispatcher), and the commands, query and acks go back on the same stream.
 */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class ChatOverGatewayStreamTest extends LiveWorkerTest {

    @Inject
    Gateway gateway;
    @Inject
    Instance<Events> events;
    @Inject
    ObjectMapper json;

    private static int indexOf(List<WorkerMessage> messages, Predicate<WorkerMessage> matching) {
        for (int i = 0; i < messages.size(); i++) {
            if (matching.test(messages.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such message in " + messages);
    }

    private static List<Command> commands(TestGateway gateway) {
        return gateway.received().stream().filter(WorkerMessage::hasCommand).map(WorkerMessage::getCommand).toList();
    }

    @Test
    void theExampleAppAndTheClusterGatewayAreTheDefaults() {
        assertInstanceOf(ChatEvents.class, events.get());
        assertInstanceOf(ClusterGateway.class, gateway);
    }

    @Test
    void aClientIsWelcomedAndLogsInThroughARealGatewayStream() throws Exception {
        TestGateway remote = joinedGateway();
        String client = remote.gatewayId() + "1";
        Session stored = Session.newBuilder().putValues("name", ByteString.copyFromUtf8("\"alice\"")).build();
        remote.answerQueries(query -> Optional.of(QueryResult.newBuilder().setClients(ClientQueryResult.newBuilder()
                .addClients(ClientRecord.newBuilder().setClientId(client).setSession(stored))).build()));

        deliver(remote, ClientEvent.newBuilder().setEventId(1).setClientId(client).setSeq(1)
                .setConnect(Connected.getDefaultInstance()).build());
        deliver(remote, ClientEvent.newBuilder().setEventId(2).setClientId(client).setSeq(2)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8(
                        "{\"type\":\"login\",\"name\":\"alice\",\"room\":\"lobby\"}")))
                .build());

        // The member list is an asynchronous query: it goes out once the gateway answered, which is
        // normally after the handler returned and the login was written back, but need not be.
        await().atMost(DEADLINE).until(() -> commands(remote).size() == 7);
        List<Command> commands = commands(remote);
        assertEquals(json.readTree("{\"type\":\"welcome\",\"client_id\":\"" + client + "\"}"),
                json.readTree(commands.get(0).getSend().getPayload().getData().toStringUtf8()));
        assertEquals("alice", commands.get(2).getBindUid().getUid());
        assertEquals("lobby", commands.get(3).getJoinGroup().getGroup());
        List<Command> last = commands.subList(5, 7);
        // The login's write-back: nothing left to store, it marks the session written through seq 2.
        Command writeBack = last.stream().filter(Command::hasSession).findFirst().orElseThrow();
        assertEquals(2, writeBack.getSession().getEventSeq());
        assertEquals(0, writeBack.getSession().getSetCount());
        Command members = last.stream().filter(Command::hasSend).findFirst().orElseThrow();
        assertEquals(json.readTree("{\"type\":\"members\",\"room\":\"lobby\",\"members\":[{\"client_id\":\""
                + client + "\",\"name\":\"alice\"}]}"),
                json.readTree(members.getSend().getPayload().getData().toStringUtf8()));
        List<WorkerMessage> received = remote.received();
        int query = indexOf(received, WorkerMessage::hasQuery);
        int loginAck = indexOf(received, message -> message.hasAck() && message.getAck().getEventIdsList().contains(2L));
        assertTrue(query < loginAck, "the query was asked while the handler ran: " + received);
        assertTrue(query < indexOf(received, message -> message.hasCommand() && message.getCommand().equals(members)),
                "the member list answers the query: " + received);
    }
}
