package io.gatewayworker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.wire.OutboundMessage;

class GatewayClientTest {

    private static final String GW_A = "aaaaaaaaaaaa";
    private static final String GW_B = "bbbbbbbbbbbb";

    private final FakeCluster cluster = new FakeCluster(GW_A, GW_B);
    private GatewayClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        cluster.close();
    }

    private GatewayClient connect(String secret, Duration timeout) {
        client = GatewayClient.builder().registerAddresses(List.of(cluster.registerAddress())).secret(secret)
                .queryTimeout(timeout).build();
        return client;
    }

    @Test
    void aCommandForOneClientGoesOnlyToItsGatewayWithTheSecret() {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));
        assertTrue(client.awaitGateways(2, Duration.ofSeconds(5)));

        client.sendToClient(GW_B + "1f", "hello");
        client.joinGroup(GW_B + "1f", "room");

        assertEquals(0, cluster.gateway(0).received.size());
        List<Command> commands = cluster.gateway(1).received.stream().flatMap(r -> r.getCommandsList().stream()).toList();
        assertEquals(2, commands.size(), commands::toString);
        assertEquals(List.of(GW_B + "1f"), commands.get(0).getSend().getTarget().getClientIds().getValuesList());
        assertEquals("hello", commands.get(0).getSend().getPayload().getData().toStringUtf8());
        assertEquals("room", commands.get(1).getJoinGroup().getGroup());
        assertEquals(0, cluster.refusals.get(), "every call carried the secret");
    }

    @Test
    void aBroadcastGoesToEveryGatewayAndQueriesAreMerged() {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));

        client.sendToGroup("room", "hi", List.of(GW_A + "2"));

        for (FakeCluster.FakeGateway gateway : cluster.gateways) {
            assertEquals(1, gateway.received.size(), gateway.id);
            Command send = gateway.received.get(0).getCommands(0);
            assertEquals(List.of("room"), send.getSend().getTarget().getGroups().getValuesList());
            assertEquals(List.of(GW_A + "2"), send.getSend().getExcludeClientIdsList());
        }
        ClientResult<Long> count = client.queries().getClientCountByGroup("room");
        assertEquals(2L, count.value());
        assertFalse(count.partial());
        ClientResult<List<String>> ids = client.queries().getClientIdListByGroup("room");
        assertEquals(Set.of(GW_A + "1", GW_B + "1"), Set.copyOf(ids.value()));
    }

    @Test
    void aSilentGatewayMakesQueriesPartialWithinTheDeadlineAndCommandsFail() throws InterruptedException {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofMillis(500));
        // The first view is awaited apart: the short query timeout is about the gateways' answers.
        assertTrue(client.awaitGateways(2, Duration.ofSeconds(10)));
        // Channels open on first use: once both gateways answered, the short deadline below is about
        // the silent gateway, not about connecting to the other one on a busy machine.
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.queries().getAllClientCount().partial()) {
            assertTrue(System.nanoTime() < warm, "the gateways did not both answer within 10 s");
            Thread.sleep(20); // a pause between attempts, should a failing channel answer at once
        }
        cluster.gateway(1).clients = 3;
        cluster.gateway(0).silent = true;

        long start = System.nanoTime();
        ClientResult<Long> count = client.queries().getAllClientCount();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(3L, count.value());
        assertTrue(count.partial());
        assertEquals(Set.of(GW_A), count.missingGateways());
        assertTrue(count.missing().get(GW_A).contains("DEADLINE_EXCEEDED"), count::toString);
        assertTrue(tookMillis < 3000, "took " + tookMillis + " ms");

        GatewayClientException failed = assertThrows(GatewayClientException.class, () -> client.sendToAll("x"));
        assertEquals(GatewayClientException.Reason.UNAVAILABLE, failed.reason());
        assertEquals(Set.of(GW_A), failed.failedGateways().keySet());
    }

    @Test
    void aWrongSecretIsRefusedWithAClearExceptionAndReachesNoGateway() {
        GatewayClient client = connect("wrong-secret", Duration.ofSeconds(5));

        GatewayClientException failed = assertThrows(GatewayClientException.class, () -> client.sendToAll("x"));

        assertEquals(GatewayClientException.Reason.UNAUTHENTICATED, failed.reason());
        assertTrue(failed.getMessage().contains("secret"), failed.getMessage());
        assertTrue(cluster.refusals.get() > 0);
        cluster.gateways.forEach(gateway -> assertEquals(0, gateway.received.size(), gateway.id));
    }

    @Test
    void aGatewayRefusingTheSecretThrowsUnauthenticatedNotAPartialAnswer() {
        try (FakeCluster split = new FakeCluster("gateways-secret", List.of(GW_A))) {
            client = GatewayClient.builder().registerAddresses(List.of(split.registerAddress()))
                    .secret(FakeCluster.SECRET).build();

            GatewayClientException failed = assertThrows(GatewayClientException.class, () -> client.queries().getAllClientCount());

            assertEquals(GatewayClientException.Reason.UNAUTHENTICATED, failed.reason());
            assertEquals(Set.of(GW_A), failed.failedGateways().keySet());
            assertEquals(1, split.refusals.get());
        }
    }

    @Test
    void anEmptySecretIsRefusedAtBuild() {
        assertThrows(IllegalStateException.class, () -> GatewayClient.builder().secret(" ").build());
        assertThrows(IllegalStateException.class, () -> GatewayClient.builder().build());
    }

    @Test
    void aNonPositiveKeepAliveIsRefusedAtConfiguration() {
        GatewayClient.Builder builder = GatewayClient.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.keepAlive(Duration.ZERO, Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> builder.keepAlive(Duration.ofSeconds(10), Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.keepAlive(null, Duration.ofSeconds(5)));
    }

    @Test
    void sessionsAreWrittenAsJsonValues() {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));

        client.updateSession(GW_A + "5", Map.of("name", "alice", "age", 30));

        Command write = cluster.gateway(0).received.get(0).getCommands(0);
        assertFalse(write.getSession().getReplace());
        assertEquals("\"alice\"", write.getSession().getSetMap().get("name").toStringUtf8());
        assertEquals("30", write.getSession().getSetMap().get("age").toStringUtf8());
    }

    @Test
    void aClientOfAGatewayOutsideTheViewIsOffline() {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));

        assertFalse(client.isOnline("cccccccccccc1"));
        client.sendToClient("cccccccccccc1", "nobody");

        cluster.gateways.forEach(gateway -> assertEquals(0, gateway.received.size(), gateway.id));
        assertThrows(IllegalArgumentException.class, () -> client.sendToClient("not-an-id", "x"));
    }

    @Test
    void aRawSendKeepsItsFlagAndASendToSomeClientsCallsOnlyTheirGateways() {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));

        client.sendToAll(OutboundMessage.text("ping").raw(), List.of(GW_A + "1", GW_A + "2"), List.of());

        assertEquals(0, cluster.gateway(1).received.size(), "the other gateway holds none of the clients");
        Command send = cluster.gateway(0).received.get(0).getCommands(0);
        assertTrue(send.getSend().getPayload().getRaw());
        assertEquals(List.of(GW_A + "1", GW_A + "2"), send.getSend().getTarget().getClientIds().getValuesList());

        client.sendToAll(OutboundMessage.text("nobody"), List.of(), List.of());
        assertEquals(1, cluster.gateway(0).received.size(), "an empty client list sends nothing");
    }

    @Test
    void theAsyncFormRunsAQueryOffTheCallersThread() throws Exception {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));
        cluster.gateway(0).clients = 2;

        ClientResult<List<String>> ids = client.async(c -> c.queries().getAllClientIdList()).get(10, TimeUnit.SECONDS);

        assertEquals(Set.of(GW_A + "1", GW_A + "2", GW_B + "1"), Set.copyOf(ids.value()));
        assertTrue(ids.isComplete());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> client.async(c -> c.queries().getClientCountByGroup("")).get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof IllegalArgumentException, failed::toString);
    }

    @Test
    void anEmptyBatchAsksNoGateway() {
        GatewayClient client = connect(FakeCluster.SECRET, Duration.ofSeconds(5));
        cluster.gateway(0).silent = true;

        ClientResult<Map<String, Long>> counts = client.queries().batchGetClientCountByGroup(List.of());

        assertEquals(Map.of(), counts.value());
        assertFalse(counts.partial(), "no gateway was asked, so none can be missing");
    }
}
