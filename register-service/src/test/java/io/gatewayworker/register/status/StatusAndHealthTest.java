package io.gatewayworker.register.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.register.support.RegisterCalls;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StatusAndHealthTest {

    @Inject
    Membership membership;

    private final RegisterCalls calls = new RegisterCalls();

    @AfterEach
    void closeCalls() {
        calls.close();
    }

    @Test
    void statusShowsTheRegisterItsGatewaysWithTheirLoadAndTheWatchers() {
        var views = calls.watch("w-http-status");
        String id = RegisterCalls.gatewayId();
        RegisterCalls.Join join = calls.join(id, "10.3.0.1:2900", 30);
        join.replies().awaitItem(JoinReply::hasAccepted);
        join.send(RegisterCalls.renew(3, "w-http-status"));
        views.awaitItem(view -> RegisterCalls.is(view, ClusterView.Kind.UPDATED, id));

        String gateway = "gateways.find { it.id == '" + id + "' }";
        given().get("/status").then().statusCode(200)
                .body("service", equalTo("register"))
                .body("id", equalTo(membership.registerId()))
                .body("ready", equalTo(true))
                .body(gateway + ".address", equalTo("10.3.0.1:2900"))
                .body(gateway + ".connections", equalTo(3))
                .body(gateway + ".workers", hasItems("w-http-status"))
                .body(gateway + ".joinedAt", notNullValue())
                .body("watchers", greaterThanOrEqualTo(1));
    }

    @Test
    void theRegisterIsLiveStartedAndReadyOnceItsGrpcServerListens() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'register' }.data.registerId", equalTo(membership.registerId()))
                .body("checks.find { it.name == 'register' }.data.eventLoops", containsString("event loops responsive"));
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'register-grpc' }.status", equalTo("UP"));
    }

    @Test
    void metricsExposeMembersWatchersAndJoins() {
        var views = calls.watch("w-metrics");
        String id = RegisterCalls.gatewayId();
        calls.join(id, "10.3.0.2:2900", 30).replies().awaitItem(JoinReply::hasAccepted);
        views.awaitItem(view -> RegisterCalls.is(view, ClusterView.Kind.JOINED, id));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("gw_register_gateways "))
                .body(containsString("gw_register_watchers "))
                .body(containsString("gw_register_joins_total{outcome=\"accepted\"}"))
                .body(containsString("gw_register_leaves_total{reason=\"lease_expired\"}"));
    }
}
