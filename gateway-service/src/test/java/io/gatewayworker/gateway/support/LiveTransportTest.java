package io.gatewayworker.gateway.support;

import io.gatewayworker.support.websocket.RawWebSocket;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.transport.tcp.TcpListener;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Base of the tests that connect real client sockets (TCP, WebSocket) to the running gateway: opens
 * them and, after each test, closes them and waits until the gateway holds no connection.
 */
public abstract class LiveTransportTest extends LiveGatewayTest {

    @TestHTTPResource("/ws")
    protected URI ws;
    @Inject
    protected TcpListener tcp;
    @Inject
    protected ConnectionRegistry registry;

    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
        await().atMost(DEADLINE).until(() -> registry.count() == 0);
    }

    protected TcpTestClient tcpClient() {
        return keep(new TcpTestClient(tcp.port()));
    }

    protected WebSocketTestClient webSocket() {
        return keep(WebSocketTestClient.connect(ws));
    }

    /** A WebSocket client that answers nothing by itself (no pong, no close reply). */
    protected RawWebSocket rawWebSocket() {
        return keep(RawWebSocket.open(ws));
    }

    private <T extends AutoCloseable> T keep(T client) {
        clients.add(client);
        return client;
    }
}
