package io.gatewayworker.cluster.harness;

import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.membersOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.NumberedSender;

/**
 * The chat connections one test opened on the cluster: opens them, logs them in, and closes them all
 * after each test (register it with {@code @RegisterExtension} on an instance field).
 */
public final class ChatMembers implements AutoCloseable, AfterEachCallback {

    /** A welcomed chat connection with its client id; {@code name} is null until it logged in. */
    public record Member(ChatClient client, String id, String name) {
        @Override
        public String toString() {
            return client.label() + " " + id;
        }
    }

    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final List<ChatClient> clients = new CopyOnWriteArrayList<>();

    /** A name no other test of this run uses (rooms, uids and names are shared cluster-wide). */
    public static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet();
    }

    /** A connection, nothing awaited yet. */
    public ChatClient open(GatewayNode gateway, Transport transport, String label) {
        ChatClient client = gateway.connect(transport, label);
        clients.add(client);
        return client;
    }

    /** A connection that got its welcome and did not log in: no uid, no group. */
    public Member connect(GatewayNode gateway, Transport transport, String label) {
        ChatClient client = open(gateway, transport, label);
        return new Member(client, client.awaitType("welcome").path("client_id").asText(), null);
    }

    /**
     * A logged-in connection: uid {@code name}, group {@code room}. The worker sends the member list
     * after joining the room, so both are in place when this returns.
     */
    public Member join(GatewayNode gateway, Transport transport, String name, String room) {
        Member connected = connect(gateway, transport, name);
        connected.client().send(login(name, room));
        connected.client().await("the members of " + room, membersOf(room));
        return new Member(connected.client(), connected.id(), name);
    }

    /**
     * {@code count} connections that each send numbered echo requests every {@code period}: spread over
     * {@code gateways} in turn, every third over TCP, the others over WebSocket.
     */
    public List<NumberedSender> echoSenders(List<GatewayNode> gateways, int count, ScheduledExecutorService scheduler,
            Duration period) {
        List<NumberedSender> senders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Transport transport = i % 3 == 0 ? Transport.TCP : Transport.WEBSOCKET;
            ChatClient client = connect(gateways.get(i % gateways.size()), transport, "echo" + i).client();
            senders.add(NumberedSender.echoes(client, scheduler, period));
        }
        return senders;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes every connection; a failure to close does not hide the test's own outcome. */
    @Override
    public void close() {
        for (ChatClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException | AssertionError ignored) {
                // the test's outcome is already decided
            }
        }
        clients.clear();
    }
}
