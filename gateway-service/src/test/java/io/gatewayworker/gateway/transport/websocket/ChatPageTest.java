package io.gatewayworker.gateway.transport.websocket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class ChatPageTest {

    /** The ids the browser test drives the page by. */
    private static final List<String> REQUIRED_IDS = List.of("status", "client-id", "name", "room", "login",
            "members", "log", "content", "to-client", "to-uid", "send");

    @Test
    void theChatPageIsServedAtTheRootWithEveryElementTheBrowserTestUses() {
        String page = given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .extract().asString();

        for (String id : REQUIRED_IDS) {
            assertTrue(page.contains("id=\"" + id + "\""), "missing #" + id);
        }
    }

    @Test
    void thePageConnectsToTheSameOriginsWebSocketAndNeverWritesDataAsHtml() {
        given().get("/").then().statusCode(200)
                .body(containsString("${location.host}/ws"))
                .body(containsString("entry.className = 'msg'"))
                .body(containsString("entry.dataset.type"))
                .body(not(containsString("innerHTML")));
    }
}
