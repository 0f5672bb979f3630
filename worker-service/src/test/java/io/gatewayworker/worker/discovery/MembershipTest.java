package io.gatewayworker.worker.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.TestRegisters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Membership from two real registers: streams follow the merged view. The %test rejoin grace is 4s: long enough
 * for a register to come back and be re-watched within it on a busy machine.
 */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class MembershipTest extends LiveWorkerTest {

    /** Longer than the %test rejoin grace (4s). */
    private static final Duration BEYOND_GRACE = Duration.ofMillis(4500);

    private void awaitBothRegistersWatched() {
        await().atMost(DEADLINE).until(() -> TestRegisters.first().watchers() == 1
                && TestRegisters.second().watchers() == 1 && registers.watchingCount() == 2);
    }

    @Test
    void aGatewayLeavingTheViewLosesItsStreamAndTheSinkIsTold() {
        TestGateway gateway = joinedGateway();
        TestRegisters.first().leave(gateway.gatewayId());

        await().atMost(DEADLINE).until(() -> connections.byId(gateway.gatewayId()).isEmpty()
                && gateway.endedStreams() == 1 && gateway.openStreams() == 0);
        assertEquals(List.of(gateway.gatewayId()), sink.gone());
        await().during(Duration.ofMillis(500)).atMost(DEADLINE)
                .until(() -> gateway.hellos().size() == 1 && gateway.openStreams() == 0);
    }

    @Test
    void aGatewayOnOnlyOneRegisterIsConnected() {
        TestGateway onSecond = gateway(true);
        TestRegisters.second().join(onSecond.gatewayId(), onSecond.address());
        await().atMost(DEADLINE).until(() -> open(onSecond));
        assertEquals(1, connections.all().size());
    }

    @Test
    void viewsAreMergedAGatewayStaysWhileAnyRegisterListsIt() {
        TestGateway gateway = gateway(true);
        TestRegisters.first().join(gateway.gatewayId(), gateway.address());
        TestRegisters.second().join(gateway.gatewayId(), gateway.address());
        await().atMost(DEADLINE).until(() -> open(gateway));

        TestRegisters.first().leave(gateway.gatewayId());
        await().during(Duration.ofMillis(500)).atMost(DEADLINE)
                .until(() -> open(gateway) && gateway.endedStreams() == 0);
        assertTrue(sink.gone().isEmpty());

        TestRegisters.second().leave(gateway.gatewayId());
        // the stream leaves the view first; its cancel reaches the gateway after
        await().atMost(DEADLINE).until(() -> connections.byId(gateway.gatewayId()).isEmpty()
                && gateway.endedStreams() == 1);
        assertEquals(List.of(gateway.gatewayId()), sink.gone());
    }

    @Test
    void aGatewayThatMovesIsReconnectedAtItsNewAddress() {
        TestGateway gateway = joinedGateway();
        TestGateway elsewhere = new TestGateway(gateway.gatewayId(), TestRegisters.freePort(), TestRegisters.SECRET)
                .start();
        try {
            TestRegisters.first().join(gateway.gatewayId(), elsewhere.address());
            await().atMost(DEADLINE).until(() -> elsewhere.hellos().size() == 1
                    && connection(gateway).address().equals(elsewhere.address()) && open(gateway));
            assertEquals(1, gateway.endedStreams());
            assertTrue(sink.gone().isEmpty(), "the same gateway: its clients are not gone");
        } finally {
            TestRegisters.first().leave(gateway.gatewayId());
            await().atMost(DEADLINE).until(() -> connections.all().isEmpty());
            elsewhere.stop();
        }
    }

    @Test
    void aRestartedRegisterGivesItsGatewaysTheRejoinGrace() {
        TestGateway rejoins = gateway(true);
        TestGateway vanished = gateway(true);
        TestRegisters.first().join(rejoins.gatewayId(), rejoins.address());
        TestRegisters.first().join(vanished.gatewayId(), vanished.address());
        await().atMost(DEADLINE).until(() -> open(rejoins) && open(vanished));

        TestRegisters.first().restart(); // new register id, no members yet
        awaitBothRegistersWatched();
        assertTrue(open(rejoins) && open(vanished), "kept while they may still re-join");
        TestRegisters.first().join(rejoins.gatewayId(), rejoins.address());

        await().atMost(DEADLINE).until(() -> connections.byId(vanished.gatewayId()).isEmpty());
        assertEquals(List.of(vanished.gatewayId()), sink.gone());
        await().during(BEYOND_GRACE).atMost(DEADLINE).until(() -> open(rejoins) && rejoins.endedStreams() == 0);
    }

    @Test
    void aRegisterOutageKeepsItsGatewaysForTheGraceThenTheWatchedRegisterDecides() {
        TestGateway gateway = joinedGateway(); // on the first register only
        TestRegisters.first().stop();
        await().atMost(DEADLINE).until(() -> registers.watchingCount() == 1);
        assertTrue(open(gateway), "a short outage does not drop the gateway");

        // The second register never listed it: after the grace it leaves the view.
        await().atMost(DEADLINE).until(() -> connections.byId(gateway.gatewayId()).isEmpty());
        assertEquals(List.of(gateway.gatewayId()), sink.gone());

        TestRegisters.first().start(); // members survive a stop of the test register
        awaitBothRegistersWatched();
        await().atMost(DEADLINE).until(() -> open(gateway));
    }

    @Test
    void aTotalRegisterOutageFreezesTheView() {
        TestGateway gateway = joinedGateway();
        TestRegisters.first().stop();
        TestRegisters.second().stop();
        await().atMost(DEADLINE).until(() -> registers.watchingCount() == 0);

        await().during(BEYOND_GRACE).atMost(DEADLINE).until(() -> open(gateway));
        assertTrue(sink.gone().isEmpty());
        gateway.emit(messages("abcdef0123451", 1, 1));
        await().atMost(DEADLINE).until(() -> sink.received().size() == 1);

        // The register that never listed the gateway answers first: it must not decide alone.
        TestRegisters.second().start();
        await().atMost(DEADLINE).until(() -> registers.watchingCount() == 1);
        assertTrue(open(gateway));
        TestRegisters.first().start();
        awaitBothRegistersWatched();
        await().during(BEYOND_GRACE).atMost(DEADLINE).until(() -> open(gateway));
        assertEquals(0, gateway.endedStreams());
        assertTrue(sink.gone().isEmpty());
    }
}
