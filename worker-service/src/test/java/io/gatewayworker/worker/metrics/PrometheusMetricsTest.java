package io.gatewayworker.worker.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.Connected;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.worker.api.ClusterResult;
import io.gatewayworker.worker.api.Gateway;
import io.gatewayworker.worker.support.LinkTestProfile;
import io.gatewayworker.worker.support.LiveWorkerTest;
import io.gatewayworker.worker.support.TestGateway;
import io.gatewayworker.worker.support.TestRegisters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** What the running worker does over real gateway streams shows in /q/metrics, in Prometheus' names. */
@QuarkusTest
@TestProfile(LinkTestProfile.class)
class PrometheusMetricsTest extends LiveWorkerTest {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^(gw_worker_[^ ]+) ([0-9.eE+-]+)$");

    @Inject
    Gateway gateway;

    @Test
    void handlerLatencyIsAHistogramAndCommandsAreCountedByType() {
        TestGateway remote = joinedGateway();
        Map<String, Double> before = scrape();

        // The example chat app welcomes a client that connects: one handler run, one send command.
        deliver(remote, ClientEvent.newBuilder().setEventId(1).setClientId(remote.gatewayId() + "1").setSeq(1)
                .setConnect(Connected.getDefaultInstance()).build());
        Map<String, Double> after = scrape();

        Function<String, Double> grew = series -> after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
        assertEquals(1.0, grew.apply("gw_worker_handler_duration_seconds_count{event=\"connect\"}"), after::toString);
        assertEquals(1.0, grew.apply("gw_worker_handler_duration_seconds_bucket{event=\"connect\",le=\"+Inf\"}"));
        assertTrue(after.keySet().stream().filter(series -> series.startsWith(
                "gw_worker_handler_duration_seconds_bucket{event=\"connect\"")).count() > 10, "histogram buckets");
        assertEquals(1.0, grew.apply("gw_worker_commands_sent_total{type=\"send\"}"));
        assertEquals(1.0, grew.apply("gw_worker_events_handled_total"));
        assertTrue(after.containsKey("gw_worker_link_queued"), after::toString);
        assertTrue(after.containsKey("gw_worker_events_in_flight"));
    }

    @Test
    void aFanOutIsTimedByOutcomeAndAPartialAnswerIsCounted() {
        TestGateway answering = joinedGateway();
        answering.answerQueries(query -> Optional.of(QueryResult.newBuilder()
                .setClients(ClientQueryResult.newBuilder().setCount(2)).build()));
        Map<String, Double> before = scrape();
        assertTrue(gateway.queries().getAllClientCount().isComplete());

        TestGateway unreachable = gateway(false);
        TestRegisters.first().join(unreachable.gatewayId(), unreachable.address());
        await().atMost(DEADLINE).until(() -> connections.byId(unreachable.gatewayId()).isPresent());
        ClusterResult<Long> partial = gateway.queries().getAllClientCount();
        assertFalse(partial.isComplete());
        Map<String, Double> after = scrape();

        Function<String, Double> grew = series -> after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
        assertEquals(1.0, grew.apply("gw_worker_query_duration_seconds_count{outcome=\"complete\"}"), after::toString);
        assertEquals(1.0, grew.apply("gw_worker_query_duration_seconds_count{outcome=\"partial\"}"));
        assertEquals(1.0, grew.apply("gw_worker_query_duration_seconds_bucket{outcome=\"partial\",le=\"+Inf\"}"));
        assertEquals(1.0, grew.apply("gw_worker_query_partial_total"));
        assertTrue(after.containsKey("gw_worker_query_timeouts_total"));
    }

    /** Every gw_worker_ sample of /q/metrics: series (name and labels) to value. */
    private static Map<String, Double> scrape() {
        Matcher samples = SAMPLE.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return samples.results().collect(Collectors.toMap(sample -> sample.group(1),
                sample -> Double.parseDouble(sample.group(2))));
    }
}
