package io.gatewayworker.gateway.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.discovery.RegisterClient;
import io.gatewayworker.gateway.support.FakeRegister;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class ReadinessAndStatusTest extends LiveGatewayTest {

    @Inject
    RegisterClient registers;

    @Test
    void joinedToARegisterButWithoutAWorkerTheGatewayIsLiveButNotReady() {
        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 1);

        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'gateway' }.data.eventLoops", containsString("event loops responsive"));
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'register-joined' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'worker-attached' }.status", equalTo("DOWN"));
        given().get("/status").then().statusCode(200)
                .body("service", equalTo("gateway"))
                .body("id", equalTo(ids.gatewayId()))
                .body("ready", equalTo(false))
                .body("registers", equalTo(1));
    }

    @Test
    void withAWorkerStreamTheGatewayIsReadyAndStatusShowsConnectionsAndWorkers() {
        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 1);
        worker("w-status", 16);
        open(Transport.WEBSOCKET);
        open(Transport.TCP);
        open(Transport.TCP);

        given().get("/q/health/ready").then().statusCode(200);
        given().get("/status").then().statusCode(200)
                .body("ready", equalTo(true))
                .body("connections.total", equalTo(3))
                .body("connections.websocket", equalTo(1))
                .body("connections.tcp", equalTo(2))
                .body("workers", contains("w-status"));
    }

    @Test
    void aGatewayThatJoinedStaysReadyWhileTheRegisterIsDown() {
        FakeRegister register = FakeRegisterResource.register();
        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 1);
        worker("w-outage", 16);
        given().get("/q/health/ready").then().statusCode(200);

        register.stop();
        try {
            await().atMost(DEADLINE).until(() -> registers.joinedCount() == 0);
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'register-joined' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'register-joined' }.data.joined", equalTo(0));
            given().get("/status").then().statusCode(200).body("ready", equalTo(true)).body("registers", equalTo(0));
        } finally {
            register.start();
        }
        await().atMost(DEADLINE).until(() -> registers.joinedCount() == 1);
    }

    @Test
    void metricsExposeConnectionsByTransport() {
        worker("w-metrics", 16);
        open(Transport.WEBSOCKET);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("gw_gateway_connections{transport=\"websocket\"} 1.0"));
    }
}
