package io.gatewayworker.register.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/** Liveness is the event-loop watchdog on the application's own Vert.x: a really blocked loop is DOWN. */
@QuarkusTest
@TestProfile(LivenessTest.ShortStall.class)
class LivenessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** A stall threshold short enough for a test to block an event loop past it. */
    public static class ShortStall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("register.liveness.event-loop-stall", "1s");
        }
    }

    @Inject
    Vertx vertx;
    @Inject
    @Liveness
    RegisterLiveCheck live;

    @Test
    void aBlockedEventLoopMakesTheRegisterNotLiveUntilItIsReleased() throws Exception {
        // Right after a (test) start on a busy machine a loop may lag behind a short threshold: wait it out.
        await().atMost(DEADLINE).until(() -> given().get("/q/health/live").statusCode() == 200);
        given().get("/q/health/live").then()
                .body("checks.find { it.name == 'register' }.data.eventLoops",
                        matchesPattern("\\d+ event loops responsive .*"));

        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<String> blocked = new CompletableFuture<>();
        vertx.nettyEventLoopGroup().next().execute(() -> {
            blocked.complete(Thread.currentThread().getName());
            release.join();
        });
        String thread = blocked.get(10, TimeUnit.SECONDS);
        try {
            await().atMost(DEADLINE).until(() -> live.call().getStatus() == HealthCheckResponse.Status.DOWN);
            String summary = (String) live.call().getData().orElseThrow().get("eventLoops");
            assertTrue(summary.contains("stalled longer than 1000 ms: ") && summary.contains(thread + " silent for"),
                    summary);
        } finally {
            release.complete(null);
        }

        await().atMost(DEADLINE).until(() -> live.call().getStatus() == HealthCheckResponse.Status.UP);
        await().atMost(DEADLINE).until(() -> given().get("/q/health/live").statusCode() == 200);
    }
}
