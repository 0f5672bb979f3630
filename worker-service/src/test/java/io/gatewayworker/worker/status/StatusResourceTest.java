package io.gatewayworker.worker.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.TestRegisters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** GET /status as {@code bin/cluster status} reads it, and the metrics next to it. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class StatusResourceTest extends LiveWorkerTest {

    @Inject
    WorkerIdentity identity;

    @Test
    void statusWithAnEmptyView() {
        given().get("/status").then().statusCode(200)
                .body("service", equalTo("worker"))
                .body("id", equalTo(identity.id()))
                .body("ready", equalTo(true))
                .body("registersWatching", equalTo(2))
                .body("registersConfigured", equalTo(2))
                .body("gatewaysKnown", equalTo(0))
                .body("gateways", empty());
    }

    @Test
    void statusListsTheGatewaysOfTheViewWithTheirStreams() {
        TestGateway open = joinedGateway();
        TestGateway closed = gateway(false);
        TestRegisters.first().join(closed.gatewayId(), closed.address());
        await().atMost(DEADLINE).until(() -> connections.all().size() == 2);

        given().get("/status").then().statusCode(200)
                .body("ready", equalTo(false))
                .body("gatewaysKnown", equalTo(2))
                .body("gatewaysOpen", equalTo(1))
                .body("gateways", hasSize(2))
                .body("gateways.find { it.id == '" + open.gatewayId() + "' }.address", equalTo(open.address()))
                .body("gateways.find { it.id == '" + open.gatewayId() + "' }.open", equalTo(true))
                .body("gateways.find { it.id == '" + closed.gatewayId() + "' }.open", equalTo(false));
    }

    @Test
    void metricsArePrefixedGw() {
        TestGateway gateway = joinedGateway();
        gateway.emit(messages("abcdef0123451", 1, 1));
        await().atMost(DEADLINE).until(() -> sink.received().size() == 1);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("gw_worker_events_received_total"))
                .body(containsString("gw_worker_gateways_open"))
                .body(containsString("gw_worker_registers_watching 2.0"));
    }
}
