package io.gatewayworker.worker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.wire.ClientIds;
import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.api.ClientContext;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.api.Session;
import io.gatewayworker.worker.api.Transport;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.worker.session.SessionCodec;
import io.gatewayworker.worker.session.TrackedSession;
import io.gatewayworker.worker.support.FakeGatewayConnection;
import io.gatewayworker.worker.support.FakeGatewayConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The commands of the Gateway API calls added for GatewayWorker parity: raw sends, lists, closes, current client. */
class GatewaySendsTest {

    private final FakeGatewayConnections view = new FakeGatewayConnections();
    private final SessionCodec codec = new SessionCodec(new ObjectMapper());
    private FakeGatewayConnection first;
    private FakeGatewayConnection second;
    private ClusterGateway gateway;

    @BeforeEach
    void setUp() {
        first = view.add("aaaaaaaaaaaa");
        second = view.add("bbbbbbbbbbbb");
        gateway = new ClusterGateway(view, Duration.ofMillis(200), codec, new WorkerMetrics(new SimpleMeterRegistry()));
    }

    private static Payload payload(Command command) {
        return command.hasSend() ? command.getSend().getPayload() : command.getClose().getFinalMessage();
    }

    @Test
    void aRawSendKeepsItsKindAndAsksTheGatewayToSkipTheCodec() {
        gateway.sendToClient(first.client(1), OutboundMessage.text("HTTP/1.1 200 OK\r\n").raw());
        gateway.sendToClient(first.client(1), OutboundMessage.binary(new byte[] {1, 2}).raw());
        gateway.sendToClient(first.client(1), OutboundMessage.text("framed"));

        List<Command> commands = first.commands();
        assertEquals(Payload.Kind.TEXT, payload(commands.get(0)).getKind());
        assertTrue(payload(commands.get(0)).getRaw());
        assertEquals("HTTP/1.1 200 OK\r\n", payload(commands.get(0)).getData().toString(StandardCharsets.UTF_8));
        assertEquals(Payload.Kind.BINARY, payload(commands.get(1)).getKind());
        assertTrue(payload(commands.get(1)).getRaw());
        assertFalse(payload(commands.get(2)).getRaw());
        assertTrue(second.log().isEmpty());
    }

    @Test
    void commandsAndSessionsOverTheLimitsThrowAndSendNothing() {
        ClusterGateway small = new ClusterGateway(view, Duration.ofMillis(200), codec,
                new WorkerMetrics(new SimpleMeterRegistry()), new LinkLimits(200, 1000));
        String client = first.client(1);
        String big = "x".repeat(1000);

        IllegalArgumentException send = assertThrows(IllegalArgumentException.class,
                () -> small.sendToClient(client, big));
        assertThrows(IllegalArgumentException.class, () -> small.sendToAll(big));
        assertThrows(IllegalArgumentException.class, () -> small.closeClient(client, big));
        IllegalArgumentException session = assertThrows(IllegalArgumentException.class,
                () -> small.setSession(client, Map.of("blob", "y".repeat(200))));
        assertThrows(IllegalArgumentException.class, () -> small.updateSession(client, Map.of("blob", "y".repeat(200))));
        small.setSession(client, Map.of("name", "alice")); // small ones still go
        small.sendToClient(client, "hi");

        assertTrue(send.getMessage().contains("worker.link.max-outbound-frame-size"), send.getMessage());
        assertTrue(session.getMessage().contains("worker.session.max-bytes"), session.getMessage());
        assertEquals(2, first.commands().size());
        assertTrue(second.log().isEmpty());
    }

    @Test
    void outboundMessagesCopyTheirBytes() {
        byte[] bytes = {7};
        OutboundMessage message = OutboundMessage.binary(bytes);
        bytes[0] = 8;
        message.bytes()[0] = 9;

        gateway.sendToClient(first.client(1), message);

        assertEquals(7, payload(first.commands().get(0)).getData().byteAt(0));
    }

    @Test
    void everyFanOutSendCarriesTheRawFlag() {
        OutboundMessage raw = OutboundMessage.text("r").raw();

        gateway.sendToAll(raw, first.client(1));
        gateway.sendToGroup("g", raw, second.client(2));
        gateway.sendToGroups(List.of("g", "h"), raw, List.of());
        gateway.sendToUid("u", raw);
        gateway.sendToUids(List.of("u", "v"), raw);

        for (FakeGatewayConnection each : List.of(first, second)) {
            List<Command> commands = each.commands();
            assertEquals(5, commands.size());
            commands.forEach(command -> assertTrue(payload(command).getRaw(), command.toString()));
            assertTrue(commands.get(0).getSend().getTarget().getAll());
            assertEquals(List.of(first.client(1)), commands.get(0).getSend().getExcludeClientIdsList());
            assertEquals(List.of("g"), commands.get(1).getSend().getTarget().getGroups().getValuesList());
            assertEquals(List.of(second.client(2)), commands.get(1).getSend().getExcludeClientIdsList());
            assertEquals(List.of("g", "h"), commands.get(2).getSend().getTarget().getGroups().getValuesList());
            assertEquals(List.of("u"), commands.get(3).getSend().getTarget().getUids().getValuesList());
            assertEquals(List.of("u", "v"), commands.get(4).getSend().getTarget().getUids().getValuesList());
        }
    }

    @Test
    void sendToAllWithAClientListContactsOnlyTheOwningGatewaysAndDropsTheExcluded() {
        FakeGatewayConnection third = view.add("cccccccccccc");

        gateway.sendToAll("x", List.of(first.client(1), first.client(2), second.client(3)), List.of(first.client(2)));

        assertEquals(List.of(first.client(1)), first.commands().get(0).getSend().getTarget().getClientIds()
                .getValuesList());
        assertEquals(List.of(second.client(3)), second.commands().get(0).getSend().getTarget().getClientIds()
                .getValuesList());
        assertTrue(third.log().isEmpty());
    }

    @Test
    void sendToAllWithAnEmptyClientListSendsNothingAndWithNoListSendsToEveryone() {
        gateway.sendToAll("x", List.of(), List.of());
        gateway.sendToAll(new byte[] {1}, List.of(first.client(1)), List.of(first.client(1)));
        assertTrue(first.log().isEmpty());
        assertTrue(second.log().isEmpty());

        gateway.sendToAll("y", null, List.of(second.client(9)));

        for (FakeGatewayConnection each : List.of(first, second)) {
            Command command = each.commands().get(0);
            assertTrue(command.getSend().getTarget().getAll());
            assertEquals(List.of(second.client(9)), command.getSend().getExcludeClientIdsList());
        }
    }

    @Test
    void aClientInTwoListedGroupsIsSelectedByOneTargetSoTheGatewaySendsOnce() {
        // The dedupe happens on each gateway (TargetSelector): the worker sends one command with one
        // Target listing the groups, never one command per group.
        gateway.sendToGroups(List.of("a", "b", "a"), "x", List.of());

        assertEquals(1, first.commands().size());
        assertEquals(List.of("a", "b"), first.commands().get(0).getSend().getTarget().getGroups().getValuesList());
    }

    @Test
    void closeWithABinaryOrRawLastMessageGoesToTheOwnerOnly() {
        gateway.closeClient(second.client(4), OutboundMessage.binary(new byte[] {3}).raw());

        Command close = second.commands().get(0);
        assertEquals(List.of(second.client(4)), close.getClose().getClientIdsList());
        assertEquals(Payload.Kind.BINARY, close.getClose().getFinalMessage().getKind());
        assertTrue(close.getClose().getFinalMessage().getRaw());
        assertFalse(close.getClose().getDestroy());
        assertTrue(first.log().isEmpty());
    }

    @Test
    void currentClientFormsGoToTheHandledClient() {
        String client = second.client(0x2a);
        inHandler(client, () -> {
            gateway.sendToCurrentClient(OutboundMessage.text("raw").raw());
            gateway.closeCurrentClient("bye");
            gateway.closeCurrentClient(OutboundMessage.text("last").raw());
            gateway.destroyCurrentClient();
        });

        List<Command> commands = second.commands();
        assertEquals(List.of(client), commands.get(0).getSend().getTarget().getClientIds().getValuesList());
        assertTrue(commands.get(0).getSend().getPayload().getRaw());
        assertEquals("bye", commands.get(1).getClose().getFinalMessage().getData().toStringUtf8());
        assertTrue(commands.get(2).getClose().getFinalMessage().getRaw());
        assertTrue(commands.get(3).getClose().getDestroy());
        assertEquals(List.of(client), commands.get(3).getClose().getClientIdsList());
        assertTrue(first.log().isEmpty());
    }

    @Test
    void currentClientFormsFailOutsideAHandler() {
        for (Runnable call : List.<Runnable>of(() -> gateway.sendToCurrentClient(OutboundMessage.text("x")),
                () -> gateway.closeCurrentClient("x"), () -> gateway.closeCurrentClient(OutboundMessage.text("x")),
                gateway::destroyCurrentClient)) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, call::run);
            assertTrue(failure.getMessage().contains("outside an Events handler"), failure.getMessage());
        }
        assertTrue(first.log().isEmpty());
    }

    @Test
    void callsAboutAnOfflineButWellFormedClientAreSentToItsGatewayWhichIgnoresThem() {
        // The documented no-op: nothing throws; the owning gateway skips the gone client (sends,
        // closes) or refuses with CLIENT_NOT_FOUND, which the worker logs at DEBUG.
        String gone = first.client(0xdead);
        List<Consumer<Gateway>> calls = List.of(g -> g.sendToClient(gone, "x"), g -> g.closeClient(gone),
                g -> g.closeClient(gone, "x"), g -> g.destroyClient(gone), g -> g.joinGroup(gone, "g"),
                g -> g.leaveGroup(gone, "g"), g -> g.bindUid(gone, "u"), g -> g.unbindUid(gone, "u"),
                g -> g.setSession(gone, Map.of()), g -> g.updateSession(gone, Map.of("k", 1)));

        calls.forEach(call -> call.accept(gateway));

        assertEquals(calls.size(), first.commands().size());
        assertTrue(second.log().isEmpty());
    }

    @Test
    void everyCallTakingAClientIdRejectsAMalformedOneBeforeSendingAnything() {
        String bad = "not-a-client";
        List<Consumer<Gateway>> calls = List.of(g -> g.sendToClient(bad, "x"), g -> g.sendToClient(bad, new byte[0]),
                g -> g.sendToClient(bad, OutboundMessage.text("x")),
                g -> g.sendToClients(List.of(first.client(1), bad), "x"),
                g -> g.sendToClients(List.of(bad), OutboundMessage.text("x"), List.of()),
                g -> g.sendToAll("x", List.of(bad), List.of()),
                g -> g.closeClient(bad), g -> g.closeClient(bad, "x"), g -> g.closeClient(bad, OutboundMessage.text("x")),
                g -> g.destroyClient(bad), g -> g.joinGroup(bad, "g"), g -> g.leaveGroup(bad, "g"),
                g -> g.bindUid(bad, "u"), g -> g.unbindUid(bad, "u"), g -> g.setSession(bad, Map.of()),
                g -> g.updateSession(bad, Map.of()), g -> g.isOnline(bad), g -> g.getSession(bad),
                g -> g.getUidByClientId(bad), g -> g.async().isOnline(bad), g -> g.async().getSession(bad),
                g -> g.async().getUidByClientId(bad), g -> g.sendToClient(null, "x"));

        for (Consumer<Gateway> call : calls) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> call.accept(gateway));
            assertTrue(failure.getMessage().contains("client id"), failure.getMessage());
        }
        assertTrue(first.log().isEmpty());
        assertTrue(second.log().isEmpty());
    }

    @Test
    void zeroIsAValidGroupAndUidButEmptyOrNullNamesAreRejected() {
        String client = first.client(1);
        gateway.joinGroup(client, "0");
        gateway.bindUid(client, "0");
        gateway.sendToGroup("0", "x");
        gateway.sendToUid("0", "x");
        gateway.ungroup("0");

        List<Command> commands = first.commands();
        assertEquals("0", commands.get(0).getJoinGroup().getGroup());
        assertEquals("0", commands.get(1).getBindUid().getUid());
        assertEquals(List.of("0"), commands.get(2).getSend().getTarget().getGroups().getValuesList());
        assertEquals(List.of("0"), commands.get(3).getSend().getTarget().getUids().getValuesList());
        assertEquals(List.of("0"), commands.get(4).getUngroup().getGroupsList());

        first.clear();
        assertThrows(IllegalArgumentException.class, () -> gateway.sendToGroup(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> gateway.sendToUid(null, OutboundMessage.text("x")));
        assertThrows(IllegalArgumentException.class, () -> gateway.sendToGroups(List.of("a", ""), "x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> gateway.ungroup(""));
        assertTrue(first.log().isEmpty());
    }

    private void inHandler(String clientId, Runnable handler) {
        try (CurrentClient.Scope scope = CurrentClient.enter(new StubContext(clientId, codec), null)) {
            handler.run();
        }
    }

    /** Only the id matters to the Gateway API's current-client forms. */
    private record StubContext(String clientId, SessionCodec codec) implements ClientContext {
        @Override
        public String gatewayId() {
            return ClientIds.gatewayOf(clientId);
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public Transport transport() {
            return Transport.WEBSOCKET;
        }

        @Override
        public long seq() {
            return 1;
        }

        @Override
        public boolean redelivered() {
            return false;
        }

        @Override
        public Session session() {
            return new TrackedSession(codec, Map.of());
        }

        @Override
        public void send(String text) {
            throw new AssertionError("not used");
        }

        @Override
        public void send(byte[] bytes) {
            throw new AssertionError("not used");
        }

        @Override
        public void close() {
            throw new AssertionError("not used");
        }

        @Override
        public void close(String finalMessage) {
            throw new AssertionError("not used");
        }
    }
}
