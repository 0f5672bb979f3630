package io.gatewayworker.worker.push;

import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.TestGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Invalid pushes are refused with 400 and a reason, and nothing reaches a gateway. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushValidationTest extends PushApiTest {

    private static void refused(String method, String path, String body, String reason) {
        var request = authorized();
        if (body != null) {
            request.body(body);
        }
        request.request(method, path).then().statusCode(400).body("error", containsString(reason));
    }

    @Test
    void invalidPushesAre400WithAReasonAndSendNothing() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "1";
        String messages = "/api/v1/clients/" + client + "/messages";

        refused("POST", messages, "{\"text\":", "malformed JSON");
        refused("POST", messages, "[1,2]", "malformed JSON");
        refused("POST", messages, "{\"text\":\"\"}", "'text' must not be empty");
        refused("POST", messages, "{}", "exactly one of 'text' and 'base64'");
        refused("POST", messages, null, "request body is required");
        refused("POST", messages, "{\"text\":\"a\",\"base64\":\"YQ==\"}", "exactly one of");
        refused("POST", messages, "{\"base64\":\"%%%\"}", "not valid base64");
        refused("POST", messages, "{\"text\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}", "worker.push.max-message-size");
        refused("POST", messages, "{\"text\":\"a\",\"exclude\":[]}", "'exclude' is only supported");
        refused("POST", "/api/v1/clients/" + client.toUpperCase() + "/messages", "{\"text\":\"a\"}", "not a client id");
        refused("POST", "/api/v1/clients/xyz/messages", "{\"text\":\"a\"}", "not a client id");
        refused("POST", "/api/v1/clients/messages", "{\"text\":\"a\",\"to\":[]}", "'to' must list at least one");
        refused("POST", "/api/v1/groups/messages", "{\"text\":\"a\",\"to\":[\"\"]}", "empty group");
        refused("POST", "/api/v1/groups/g/messages", "{\"text\":\"a\",\"exclude\":[\"nope\"]}", "not a client id");
        refused("POST", "/api/v1/broadcast", "{\"text\":\"a\",\"to\":[\"x\"]}", "'to' is not allowed");
        refused("PUT", "/api/v1/groups/g/clients/123", null, "not a client id");
        refused("PUT", "/api/v1/clients/" + client + "/session", "\"text\"", "malformed JSON");
        refused("POST", "/api/v1/clients/" + client + "/close", "{\"message\":\"m\",\"destroy\":true}", "'destroy'");

        assertOnlyMarkerArrives(gateway);
    }
}
