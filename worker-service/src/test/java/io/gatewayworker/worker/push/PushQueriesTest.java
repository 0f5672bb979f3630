package io.gatewayworker.worker.push;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.TestGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Queries return the gateways' merged answers, and name the gateways that did not answer in time. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PushQueriesTest extends PushApiTest {

    private static QueryResult clients(String... clientIds) {
        ClientQueryResult.Builder result = ClientQueryResult.newBuilder().setCount(clientIds.length);
        for (String clientId : clientIds) {
            result.addClients(ClientRecord.newBuilder().setClientId(clientId).setUid("uid-" + clientId)
                    .setSession(Session.newBuilder().putValues("n", ByteString.copyFromUtf8("1"))));
        }
        return QueryResult.newBuilder().setClients(result).build();
    }

    private static List<Query> queries(TestGateway gateway) {
        return gateway.received().stream().filter(WorkerMessage::hasQuery).map(WorkerMessage::getQuery).toList();
    }

    @Test
    void aGroupsClientsAreMergedFromEveryGateway() {
        TestGateway first = joinedGateway();
        TestGateway second = joinedGateway();
        first.answerQueries(query -> Optional.of(clients(first.gatewayId() + "1")));
        second.answerQueries(query -> Optional.of(clients(second.gatewayId() + "2", second.gatewayId() + "3")));

        authorized().get("/api/v1/groups/lobby/clients").then().statusCode(200)
                .body("value", containsInAnyOrder(first.gatewayId() + "1", second.gatewayId() + "2",
                        second.gatewayId() + "3"))
                .body("partial", equalTo(false))
                .body("missingGateways", empty());
        authorized().get("/api/v1/counts/clients").then().statusCode(200).body("value", equalTo(3));

        assertEquals(List.of("lobby"),
                queries(first).get(0).getClients().getTarget().getGroups().getValuesList());
    }

    @Test
    void aGatewayThatDoesNotAnswerInTimeMakesThePartialResultNameIt() {
        TestGateway answering = joinedGateway();
        TestGateway silent = joinedGateway(); // answers no query
        answering.answerQueries(query -> Optional.of(clients(answering.gatewayId() + "1")));

        authorized().get("/api/v1/counts/clients").then().statusCode(200)
                .time(lessThan(DEADLINE.toMillis()))
                .body("value", equalTo(1))
                .body("partial", equalTo(true))
                .body("missingGateways", contains(silent.gatewayId()));
        authorized().get("/api/v1/clients").then().statusCode(200)
                .body("value", contains(answering.gatewayId() + "1"))
                .body("partial", equalTo(true))
                .body("missingGateways", contains(silent.gatewayId()));
    }

    @Test
    void oneClientQueriesAskItsGateway() {
        TestGateway gateway = joinedGateway();
        String client = gateway.gatewayId() + "7";
        gateway.answerQueries(query -> Optional.of(clients(client)));

        authorized().get("/api/v1/clients/" + client + "/online").then().statusCode(200)
                .body("value", equalTo(true)).body("partial", equalTo(false));
        authorized().get("/api/v1/clients/" + client + "/uid").then().statusCode(200)
                .body("value", equalTo("uid-" + client));
        authorized().get("/api/v1/clients/" + client + "/session").then().statusCode(200)
                .body("value.n", equalTo(1));
        // A gateway that left the view took its clients with it.
        authorized().get("/api/v1/clients/dddddddddddd1/online").then().statusCode(200).body("value", equalTo(false));
        authorized().get("/api/v1/clients/dddddddddddd1/session").then().statusCode(404);
    }

    @Test
    void aClientQueryWhoseGatewayDoesNotAnswerIs503() {
        TestGateway silent = joinedGateway();

        authorized().get("/api/v1/clients/" + silent.gatewayId() + "1/online").then().statusCode(503)
                .time(lessThan(DEADLINE.toMillis()))
                .body("gateway", equalTo(silent.gatewayId()));
    }
}
