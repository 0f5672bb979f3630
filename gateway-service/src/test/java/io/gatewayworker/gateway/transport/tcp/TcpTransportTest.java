package io.gatewayworker.gateway.transport.tcp;

import static io.gatewayworker.gateway.support.Commands.closeClient;
import static io.gatewayworker.gateway.support.Commands.sendRaw;
import static io.gatewayworker.gateway.support.Commands.sendText;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Transport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class TcpTransportTest extends LiveGatewayTest {

    @Inject
    TcpListener tcp;
    @Inject
    ConnectionRegistry registry;

    private final List<TcpTestClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(TcpTestClient::close);
        // Close events must reach the workers before LiveGatewayTest lets them go.
        await().atMost(DEADLINE).until(() -> registry.count() == 0);
    }

    @Test
    void theListenerIsBoundToAFreePortInTests() {
        assertTrue(tcp.port() > 0, "bound port " + tcp.port());
    }

    @Test
    void withoutAWorkerTheConnectionIsEnded() {
        TcpTestClient client = connect();

        assertTrue(client.awaitEnd(), "the gateway should end the connection");
    }

    @Test
    void linesReachTheWorkerAsTextMessagesWithoutTheirLineEnds() {
        FakeWorker worker = worker("w-tcp-lines", 64);
        TcpTestClient client = connect();

        client.write("hello\r\nsecond line\nthi");
        client.write("rd\n");
        client.close();

        ClientEvent connect = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CONNECT, connect.getKindCase());
        assertEquals(Transport.TCP, connect.getTransport());
        assertTrue(connect.getRemoteAddress().startsWith("127.0.0.1:"), connect.getRemoteAddress());
        List<ClientEvent> messages = List.of(worker.nextEvent(), worker.nextEvent(), worker.nextEvent());
        assertEquals(List.of("hello", "second line", "third"),
                messages.stream().map(e -> e.getMessage().getData().toStringUtf8()).toList());
        assertTrue(messages.stream().allMatch(e -> e.getMessage().getKind() == Payload.Kind.TEXT
                && e.getClientId().equals(connect.getClientId())));
        ClientEvent close = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CLOSE, close.getKindCase());
        assertEquals(0, close.getClose().getCode()); // TCP carries no close code
    }

    @Test
    void sendsComeBackAsLinesInOrderRawSendsUnframedAndACloseCommandEndsTheConnection() {
        FakeWorker worker = worker("w-tcp-sends", 64);
        TcpTestClient client = connect();
        String clientId = worker.nextEvent().getClientId();

        worker.send(sendText(clientId, "one"), sendText(clientId, "two"), sendRaw(clientId, "raw-"),
                sendText(clientId, "three"), closeClient(clientId));

        assertEquals(List.of("one", "two", "raw-three"),
                List.of(client.readLine(), client.readLine(), client.readLine()));
        assertTrue(client.awaitEnd());
        ClientEvent close = worker.nextEvent();
        assertEquals(1000, close.getClose().getCode());
        assertEquals("closed by server", close.getClose().getReason());
    }

    @Test
    void aLineOverTheLimitClosesTheConnectionWithMessageTooBig() {
        FakeWorker worker = worker("w-tcp-long", 64);
        TcpTestClient client = connect();
        worker.nextEvent();

        // gateway.tcp.max-frame-size + 2 with no line end yet: too long even if a \r\n followed.
        client.write("x".repeat(1_048_578));

        assertTrue(client.awaitEnd());
        ClientEvent close = worker.nextEvent();
        assertEquals(ClientEvent.KindCase.CLOSE, close.getKindCase());
        assertEquals(1009, close.getClose().getCode());
    }

    @Test
    void serversOnSeveralEventLoopsShareThePortAndEachAnswersItsOwnClients() {
        assertEquals(2, tcp.servers(), "%test runs two TCP event loops");
        FakeWorker worker = worker("w-tcp-loops", 64);
        List<TcpTestClient> many = IntStream.range(0, 6).mapToObj(i -> connect()).toList();
        List<String> clientIds = IntStream.range(0, 6).mapToObj(i -> worker.nextEvent().getClientId()).toList();
        assertEquals(6, Set.copyOf(clientIds).size(), clientIds::toString);

        clientIds.forEach(id -> worker.send(sendText(id, "for " + id)));

        // Connections were accepted by different servers; every one still gets exactly its own line.
        Set<String> received = many.stream().map(TcpTestClient::readLine).collect(Collectors.toSet());
        assertEquals(clientIds.stream().map(id -> "for " + id).collect(Collectors.toSet()), received);
    }

    private TcpTestClient connect() {
        TcpTestClient client = new TcpTestClient(tcp.port());
        clients.add(client);
        return client;
    }
}
