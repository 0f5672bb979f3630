package io.gatewayworker.worker.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.TestRegisters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Readiness: watching a register and an open stream to every gateway in the view. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class ReadinessTest extends LiveWorkerTest {

    @Inject
    Readiness readiness;

    private static int readyStatus() {
        return given().get("/q/health/ready").statusCode();
    }

    @Test
    void readyWithAnEmptyView() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'worker' }.data.eventLoops", containsString("event loops responsive"));
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void notReadyUntilEveryGatewayInTheViewHasAnOpenStream() {
        TestGateway up = joinedGateway();
        TestGateway late = gateway(false);
        TestRegisters.second().join(late.gatewayId(), late.address());
        await().atMost(DEADLINE).until(() -> connections.byId(late.gatewayId()).isPresent());

        assertFalse(readiness.ready());
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'gateway-streams' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'gateway-streams' }.data.known", equalTo(2))
                .body("checks.find { it.name == 'gateway-streams' }.data.open", equalTo(1))
                .body("checks.find { it.name == 'register-view' }.status", equalTo("UP"));

        late.start();
        await().atMost(DEADLINE).until(() -> readyStatus() == 200);
        assertTrue(open(up) && open(late));

        late.stop();
        await().atMost(DEADLINE).until(() -> readyStatus() == 503);
    }

    @Test
    void notReadyWhileNoRegisterIsWatched() {
        joinedGateway();
        TestRegisters.first().stop();
        TestRegisters.second().stop();
        await().atMost(DEADLINE).until(() -> readyStatus() == 503);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'register-view' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'gateway-streams' }.status", equalTo("UP"));

        TestRegisters.first().start();
        await().atMost(DEADLINE).until(() -> readyStatus() == 200);
        TestRegisters.second().start();
        await().atMost(DEADLINE).until(() -> registers.watchingCount() == 2);
    }

    @Test
    void aGatewayRejectingTheSecretIsNeverOpenAndKeepsTheWorkerUnready() {
        TestGateway strict = gateway(true, "another-cluster-secret");
        TestRegisters.first().join(strict.gatewayId(), strict.address());

        // The worker presents its own secret, is refused, and retries with backoff.
        await().atMost(DEADLINE).until(() -> strict.secretsSeen().size() >= 3);
        assertTrue(strict.secretsSeen().stream().allMatch(TestRegisters.SECRET::equals));
        assertTrue(strict.hellos().isEmpty(), "an unauthenticated call never reaches the service");
        assertFalse(open(strict));
        await().atMost(DEADLINE).until(() -> readyStatus() == 503);

        TestRegisters.first().leave(strict.gatewayId());
        await().atMost(Duration.ofSeconds(10)).until(() -> readyStatus() == 200);
    }
}
