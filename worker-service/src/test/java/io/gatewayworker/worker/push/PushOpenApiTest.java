package io.gatewayworker.worker.push;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.support.LinkTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** /q/openapi documents the push API, its bearer scheme, and needs no token itself. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushOpenApiTest {

    @Test
    void theOpenApiDocumentListsThePushEndpoints() {
        given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/clients/{id}/messages"))
                .body("paths", hasKey("/api/v1/groups/{group}/messages"))
                .body("paths", hasKey("/api/v1/uids/{uid}/messages"))
                .body("paths", hasKey("/api/v1/broadcast"))
                .body("paths", hasKey("/api/v1/groups/{group}/clients"))
                .body("paths", hasKey("/api/v1/counts/clients"))
                .body("paths", hasKey("/api/v1/clients/{id}/session"))
                .body("paths.'/api/v1/clients/{id}/messages'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/clients/{id}/messages'.post.responses", hasKey("401"))
                .body("paths.'/api/v1/broadcast'.post.security[0]", hasKey("pushToken"))
                .body("components.securitySchemes.pushToken.scheme", equalTo("bearer"))
                .body("components.schemas.Message", notNullValue())
                .body("components.schemas.Message.properties", hasKey("raw"))
                .body("components.schemas.Close.properties", hasKey("raw"))
                .body("components.schemas.Names.properties", hasKey("to"))
                .body("paths.'/api/v1/uids/clients'", hasKey("post"))
                .body("paths.'/api/v1/uids/online'", hasKey("post"))
                .body("paths.'/api/v1/counts/groups'", hasKey("post"))
                .body("paths.'/api/v1/counts/groups'", hasKey("get"))
                .body("paths.'/api/v1/groups/clients'", hasKey("get"))
                .body("paths.'/api/v1/groups/uids'", hasKey("get"))
                .body("paths.'/api/v1/counts/groups/uids'", hasKey("get"))
                .body("paths.'/api/v1/counts/uids'", hasKey("get"))
                .body("paths.'/api/v1/uids/online'.post.responses", hasKey("200"))
                .body("paths.'/api/v1/uids/online'.post.security[0]", hasKey("pushToken"));
    }
}
