package io.gatewayworker.register.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.register.support.Recorder;
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
        report(views, id, "10.3.0.1:2900", 3, "w-http-status");

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

    @Test
    void theClusterViewInvertsTheGatewaysReportsAndListsIdleWorkersAndOtherWatchers() {
        Recorder<ClusterView> views = calls.watch("w-cluster-both");
        calls.watch("w-cluster-idle");
        calls.watch(calls.channel(), "push-cluster", "client")
                .awaitItem(view -> view.getKind() == ClusterView.Kind.FULL);
        String first = RegisterCalls.gatewayId();
        String second = RegisterCalls.gatewayId();
        report(views, first, "10.4.0.1:2900", 2, "w-cluster-both", "w-cluster-elsewhere");
        report(views, second, "10.4.0.2:2900", 0, "w-cluster-both");

        String gateway = "gateways.find { it.id == '" + first + "' }";
        String worker = "workers.find { it.id == '%s' }";
        given().get("/cluster").then().statusCode(200)
                .body("registerId", equalTo(membership.registerId()))
                .body("ready", equalTo(true))
                .body(gateway + ".address", equalTo("10.4.0.1:2900"))
                .body(gateway + ".connections", equalTo(2))
                .body(gateway + ".workers", contains("w-cluster-both", "w-cluster-elsewhere"))
                .body(worker.formatted("w-cluster-both") + ".gateways", contains(first, second))
                .body(worker.formatted("w-cluster-both") + ".watching", equalTo(true))
                .body(worker.formatted("w-cluster-elsewhere") + ".gateways", contains(first))
                .body(worker.formatted("w-cluster-elsewhere") + ".watching", equalTo(false))
                .body(worker.formatted("w-cluster-idle") + ".gateways", emptyIterable())
                .body(worker.formatted("w-cluster-idle") + ".watching", equalTo(true))
                .body("clients.id", hasItem("push-cluster"));

        given().get("/cluster?format=text").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("register " + membership.registerId() + " (ready)"))
                .body(matchesPattern("(?s).*\\n" + first
                        + " +10\\.4\\.0\\.1:2900 +2 +w-cluster-both w-cluster-elsewhere\\n.*"))
                .body(matchesPattern("(?s).*\\nw-cluster-both +yes +" + first + " " + second + "\\n.*"))
                .body(matchesPattern("(?s).*\\nw-cluster-idle +yes +-\\n.*"));
        given().get("/cluster?format=yaml").then().statusCode(400);
    }

    /** Joins {@code gatewayId} and renews with that load; returns once watchers saw it. */
    private void report(Recorder<ClusterView> views, String gatewayId, String address, long connections,
            String... workers) {
        RegisterCalls.Join join = calls.join(gatewayId, address, 30);
        join.replies().awaitItem(JoinReply::hasAccepted);
        join.send(RegisterCalls.renew(connections, workers));
        views.awaitItem(view -> RegisterCalls.is(view, ClusterView.Kind.UPDATED, gatewayId));
    }
}
