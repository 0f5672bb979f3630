package io.gatewayworker.gateway.metrics;

import static io.gatewayworker.gateway.support.Commands.closeClient;
import static io.gatewayworker.gateway.support.Commands.sendText;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.gateway.support.FakeWorker;
import io.gatewayworker.gateway.support.LiveGatewayTest;
import io.gatewayworker.gateway.support.TcpTestClient;
import io.gatewayworker.gateway.transport.tcp.TcpListener;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.UidChange;
import io.gatewayworker.proto.link.WorkerMessage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What a real TCP client and a worker stream do shows in /q/metrics, in Prometheus' names. */
@QuarkusTest
@WithTestResource(FakeRegisterResource.class)
class PrometheusMetricsTest extends LiveGatewayTest {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^(gw_gateway_[^ ]+) ([0-9.eE+-]+)$");

    @Inject
    TcpListener tcp;

    @Test
    void trafficCommandsAndDropsAreCountedByTransportTypeAndReason() {
        FakeWorker worker = worker("w-prometheus", 64);
        Map<String, Double> before = scrape();
        TcpTestClient client = new TcpTestClient(tcp.port());
        String clientId = worker.nextEvent().getClientId();

        client.write("hello\n");
        assertEquals(ClientEvent.KindCase.MESSAGE, worker.nextEvent().getKindCase());
        worker.send(sendText(clientId, "hi there"));
        assertEquals("hi there", client.readLine());
        worker.send(WorkerMessage.newBuilder().setCommand(Command.newBuilder().setRequestId(7)
                .setBindUid(UidChange.newBuilder().setClientId(clientId + "0").setUid("nobody"))).build());
        assertTrue(worker.next().hasError(), "a command for an unknown client is refused");
        worker.send(closeClient(clientId), sendText(clientId, "too late"));
        assertTrue(client.awaitEnd());
        assertEquals(ClientEvent.KindCase.CLOSE, worker.nextEvent().getKindCase());
        Map<String, Double> after = scrape();

        Function<String, Double> grew = series -> after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
        assertEquals(1.0, grew.apply("gw_gateway_connects_total{transport=\"tcp\"}"), after::toString);
        assertEquals(1.0, grew.apply("gw_gateway_disconnects_total{transport=\"tcp\"}"));
        assertEquals(1.0, grew.apply("gw_gateway_messages_in_total{transport=\"tcp\"}"));
        assertEquals(5.0, grew.apply("gw_gateway_bytes_in_total{transport=\"tcp\"}"), "'hello' without its line end");
        assertEquals(1.0, grew.apply("gw_gateway_messages_out_total{transport=\"tcp\"}"));
        assertEquals(9.0, grew.apply("gw_gateway_bytes_out_total{transport=\"tcp\"}"), "'hi there' and its line end");
        assertEquals(2.0, grew.apply("gw_gateway_commands_total{type=\"send\"}"));
        assertEquals(1.0, grew.apply("gw_gateway_commands_rejected_total{code=\"client_not_found\"}"));
        assertEquals(1.0, grew.apply("gw_gateway_messages_dropped_total{reason=\"closed\"}"));
        assertEquals(3.0, grew.apply("gw_gateway_worker_events_sent_total{worker=\"w-prometheus\"}"),
                "connect, message, close");
        assertTrue(after.containsKey("gw_gateway_worker_events_pending{worker=\"w-prometheus\"}"), after::toString);
        assertTrue(after.containsKey("gw_gateway_events_pending"));
        assertTrue(after.containsKey("gw_gateway_connections{transport=\"websocket\"}"));
    }

    @Test
    void aWorkersOwnSeriesLastAsLongAsItsStreams() {
        FakeWorker first = worker("w-twice", 16);
        FakeWorker second = worker("w-twice", 16);
        String series = "gw_gateway_worker_events_sent_total{worker=\"w-twice\"}";
        assertTrue(scrape().containsKey(series));

        first.close();
        await().atMost(DEADLINE).until(() -> router.openStreams() == 1);
        assertTrue(scrape().containsKey(series), "the worker still has a stream");
        second.close();
        await().atMost(DEADLINE).until(() -> router.openStreams() == 0);
        assertFalse(scrape().keySet().stream().anyMatch(name -> name.contains("w-twice")), "no series left behind");
    }

    /** Every gw_gateway_ sample of /q/metrics: series (name and labels) to value. */
    private static Map<String, Double> scrape() {
        Matcher samples = SAMPLE.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return samples.results().collect(Collectors.toMap(sample -> sample.group(1),
                sample -> Double.parseDouble(sample.group(2))));
    }
}
