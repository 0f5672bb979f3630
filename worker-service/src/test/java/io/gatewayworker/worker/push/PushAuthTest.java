package io.gatewayworker.worker.push;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

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
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete = path.getKey().replace("{id}", client).replace("{group}", "g").replace("{uid}", "u");
            for (String method : path.getValue().keySet()) {
                given().contentType(ContentType.JSON).body("{\"text\":\"x\",\"to\":[\"" + client + "\"]}")
                        .request(method.toUpperCase(), concrete)
                        .then().statusCode(401);
                checked++;
            }
        }
        assertTrue(checked >= 30, "only " + checked + " operations documented");

        assertOnlyMarkerArrives(gateway);
    }

    @Test
    void healthMetricsAndStatusNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/status").then().statusCode(200);
    }
}
