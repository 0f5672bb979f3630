package io.gatewayworker.worker.push;

import static org.hamcrest.Matchers.containsString;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.WorkerMessage;

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
        refused("POST", "/api/v1/broadcast", "{\"text\":\"a\",\"to\":[]}", "'to' must list at least one client id");
        refused("POST", "/api/v1/broadcast", "{\"text\":\"a\",\"to\":[\"x\"]}", "not a client id");
        refused("POST", "/api/v1/uids/u/messages", "{\"text\":\"a\",\"to\":[\"x\"]}", "'to' is not allowed");
        refused("PUT", "/api/v1/groups/g/clients/123", null, "not a client id");
        refused("PUT", "/api/v1/clients/" + client + "/session", "\"text\"", "malformed JSON");
        refused("POST", "/api/v1/clients/" + client + "/close", "{\"message\":\"m\",\"destroy\":true}", "'destroy'");

        assertOnlyMarkerArrives(gateway);
    }

    @Test
    void invalidRawSendsClosesAndBatchQueriesAre400AndReachNoGateway() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "1";
        String close = "/api/v1/clients/" + client + "/close";

        refused("POST", "/api/v1/clients/" + client + "/messages", "{\"raw\":true}", "exactly one of 'text' and 'base64'");
        refused("POST", "/api/v1/clients/" + client + "/messages", "{\"text\":\"a\",\"raw\":\"yes\"}", "malformed JSON");
        refused("POST", "/api/v1/clients/messages", "{\"text\":\"a\",\"to\":[\"" + client + "\"],\"exclude\":[\"X\"]}",
                "not a client id");
        refused("POST", close, "{\"raw\":true}", "'raw' needs a last");
        refused("POST", close, "{\"message\":\"a\",\"base64\":\"YQ==\"}", "at most one of 'message' and 'base64'");
        refused("POST", close, "{\"base64\":\"YQ==\",\"destroy\":true}", "'destroy'");
        refused("POST", close, "{\"base64\":\"\"}", "'base64' must not be empty");
        for (String batch : List.of("/api/v1/uids/clients", "/api/v1/uids/online")) {
            refused("POST", batch, "{\"to\":[]}", "'to' must list at least one uid");
            refused("POST", batch, "{}", "'to' must list at least one uid");
            refused("POST", batch, null, "'to' must list at least one uid");
            refused("POST", batch, "{\"to\":[\"a\",\"\"]}", "'to' must not contain an empty uid");
            refused("POST", batch, "{\"to\":[null]}", "'to' must not contain an empty uid");
            refused("POST", batch, "{\"to\":\"a\"}", "malformed JSON");
        }
        refused("POST", "/api/v1/counts/groups", "{\"to\":[]}", "'to' must list at least one group");
        refused("POST", "/api/v1/counts/groups", "{\"to\":[\"\"]}", "'to' must not contain an empty group");

        assertOnlyMarkerArrives(gateway);
        assertTrue(gateway.received().stream().noneMatch(WorkerMessage::hasQuery), gateway.received().toString());
    }
}
