package io.gatewayworker.worker.push;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.TestGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Without the right bearer token nothing is done; health, metrics and /status stay open. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushAuthTest extends PushApiTest {

    @Test
    void aMissingOrWrongTokenIs401AndSendsNothing() {
        TestGateway gateway = joinedGateway();
        String path = "/api/v1/clients/" + gateway.gatewayId() + "1/messages";
        String body = "{\"text\":\"x\"}";

        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", containsString("missing bearer token"));
        given().auth().oauth2("wrong-token").contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(401).body("error", containsString("wrong bearer token"));
        given().auth().oauth2(TOKEN + "x").contentType(ContentType.JSON).body(body).post("/api/v1/broadcast")
                .then().statusCode(401);
        given().auth().preemptive().basic("user", TOKEN).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(401);
        // The token is checked before the body is read.
        given().contentType(ContentType.JSON).body("{bad").post(path).then().statusCode(401);

        assertOnlyMarkerArrives(gateway);
    }

    @Test
    void everyDocumentedEndpointRefusesARequestWithoutToken() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "1";
        JsonPath openapi = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        Set<String> checked = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete = path.getKey().replace("{id}", client).replace("{group}", "g").replace("{uid}", "u");
            for (String method : path.getValue().keySet()) {
                given().contentType(ContentType.JSON).body("{\"text\":\"x\",\"to\":[\"" + client + "\"]}")
                        .request(method.toUpperCase(), concrete)
                        .then().statusCode(401);
                checked.add(method.toUpperCase() + " " + path.getKey());
            }
        }
        assertTrue(checked.size() >= 40, "only " + checked.size() + " operations documented: " + checked);
        // The operations added with the batch and all-groups queries are documented, hence checked.
        assertTrue(checked.containsAll(List.of("POST /api/v1/uids/clients", "POST /api/v1/uids/online",
                "POST /api/v1/counts/groups", "GET /api/v1/counts/uids", "GET /api/v1/groups/clients",
                "GET /api/v1/groups/uids", "GET /api/v1/counts/groups/uids", "GET /api/v1/counts/groups/{group}/uids",
                "POST /api/v1/broadcast", "POST /api/v1/clients/messages")), checked.toString());

        assertOnlyMarkerArrives(gateway);
    }

    @Test
    void theNewEndpointsRefuseAWrongTokenAndAskNoGateway() {
        TestGateway gateway = joinedGateway();
        String names = "{\"to\":[\"a\"]}";
        List<String[]> calls = List.of(new String[] {"POST", "/api/v1/uids/clients"},
                new String[] {"POST", "/api/v1/uids/online"}, new String[] {"POST", "/api/v1/counts/groups"},
                new String[] {"GET", "/api/v1/counts/uids"}, new String[] {"GET", "/api/v1/groups/clients"},
                new String[] {"GET", "/api/v1/groups/uids"}, new String[] {"GET", "/api/v1/counts/groups/uids"},
                new String[] {"GET", "/api/v1/counts/groups/g/uids"});
        for (String[] call : calls) {
            given().contentType(ContentType.JSON).body(names).request(call[0], call[1]).then().statusCode(401);
            given().auth().oauth2("wrong-token").contentType(ContentType.JSON).body(names).request(call[0], call[1])
                    .then().statusCode(401).body("error", containsString("wrong bearer token"));
        }
        given().contentType(ContentType.JSON).body("{\"text\":\"x\",\"raw\":true}").post("/api/v1/broadcast")
                .then().statusCode(401);

        assertOnlyMarkerArrives(gateway);
        assertTrue(gateway.received().stream().noneMatch(WorkerMessage::hasQuery), gateway.received().toString());
    }

    @Test
    void healthMetricsAndStatusNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/status").then().statusCode(200);
    }
}
