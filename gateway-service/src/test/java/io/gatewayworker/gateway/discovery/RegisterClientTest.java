package io.gatewayworker.gateway.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.FakeRegister;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.proto.register.Announce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class RegisterClientTest extends LiveGatewayTest {

    @Inject
    RegisterClient registers;

    @Test
    void theGatewayAnnouncesItsIdAndAddressWithTheSecretAndRenewsWithItsLoad() {
        FakeRegister register = FakeRegisterResource.register();
        await().atMost(DEADLINE).until(() -> !register.announces().isEmpty());
        Announce announce = register.announces().get(0);
        assertEquals(ids.gatewayId(), announce.getGateway().getGatewayId());
        assertEquals("127.0.0.1:" + FakeWorker.GATEWAY_GRPC_PORT, announce.getGateway().getAddress());
        assertEquals(3, announce.getLeaseSeconds());

        worker("w-load", 16);
        open(Transport.TCP);
        int seen = register.renewals().size();
        // The lease is 3 s in tests: a renewal comes every second.
        await().atMost(DEADLINE).until(() -> register.renewals().stream().skip(seen)
                .anyMatch(r -> r.getLoad().getConnections() == 1 && r.getLoad().getWorkersList().contains("w-load")));
    }

    @Test
    void afterARegisterRestartTheGatewayJoinsAgain() {
        FakeRegister register = FakeRegisterResource.register();
        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 1);
        int announcesBefore = register.announces().size();

        register.stop();
        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 0);
        register.start();

        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 1);
        assertTrue(register.announces().size() > announcesBefore);
        await().atMost(Duration.ofSeconds(5)).until(() -> register.openJoins() == 1);
    }
}
