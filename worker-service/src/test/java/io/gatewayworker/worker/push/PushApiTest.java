package io.gatewayworker.worker.push;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.TestGateway;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Base of the push API tests: the running worker with real test gateways, and the %test token. */
abstract class PushApiTest extends LiveWorkerTest {

    static final String TOKEN = "test-push-token";

    /** A request with the right token and a JSON body type. */
    static RequestSpecification authorized() {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON);
    }

    static List<Command> commands(TestGateway gateway) {
        return gateway.received().stream().filter(WorkerMessage::hasCommand).map(WorkerMessage::getCommand).toList();
    }

    /**
     * Proves that nothing reached the gateway before: pushes a marker message to one of its clients,
     * waits for it, and checks it is the gateway's only command (commands of one stream keep their order).
     */
    static void assertOnlyMarkerArrives(TestGateway gateway) {
        String client = gateway.gatewayId() + "ff";
        authorized().body("{\"text\":\"marker\"}").post("/api/v1/clients/" + client + "/messages")
                .then().statusCode(202);
        await().atMost(DEADLINE).until(() -> !commands(gateway).isEmpty());
        List<Command> commands = commands(gateway);
        assertEquals(1, commands.size(), commands.toString());
        assertEquals("marker", commands.get(0).getSend().getPayload().getData().toStringUtf8());
    }
}
