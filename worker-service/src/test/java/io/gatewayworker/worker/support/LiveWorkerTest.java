package io.gatewayworker.worker.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.worker.discovery.RegisterWatcher;
import io.gatewayworker.worker.dispatch.EventDispatcher;
import io.gatewayworker.worker.link.GatewayConnection;
import io.gatewayworker.worker.link.GatewayConnections;
import com.google.protobuf.ByteString;

/**
 * Base of the tests against the running worker and real test registers and gateways. Each test
 * starts with both registers up and listing no gateway, and the worker holding no stream; after
 * each test every gateway leaves and stops.
 */
public abstract class LiveWorkerTest {

    protected static final Duration DEADLINE = Duration.ofSeconds(10);

    @Inject
    protected GatewayConnections connections;
    @Inject
    protected RegisterWatcher registers;
    @Inject
    protected RecordingSink sink;
    @Inject
    protected EventDispatcher dispatcher;

    private final List<TestGateway> gateways = new CopyOnWriteArrayList<>();

    @BeforeEach
    void cleanStart() {
        await().atMost(DEADLINE).until(() -> TestRegisters.first().watchers() == 1
                && TestRegisters.second().watchers() == 1 && registers.watchingCount() == 2);
        await().atMost(DEADLINE).until(() -> connections.all().isEmpty());
        sink.clear();
    }

    @AfterEach
    void cleanUp() {
        // A test that stopped a register and failed before starting it again must not fail every next one.
        TestRegisters.first().startIfStopped();
        TestRegisters.second().startIfStopped();
        TestRegisters.first().clear();
        TestRegisters.second().clear();
        await().atMost(DEADLINE).until(() -> connections.all().isEmpty());
        gateways.forEach(TestGateway::stop);
        sink.clear();
    }

    /** A gateway with a fresh random id on a free port; started unless told otherwise. */
    protected TestGateway gateway(boolean started) {
        return gateway(started, TestRegisters.SECRET);
    }

    /** A gateway expecting {@code secret} from its callers; stopped after the test. */
    protected TestGateway gateway(boolean started, String secret) {
        byte[] id = new byte[6];
        ThreadLocalRandom.current().nextBytes(id);
        TestGateway gateway = new TestGateway(HexFormat.of().formatHex(id), TestRegisters.freePort(), secret);
        gateways.add(gateway);
        return started ? gateway.start() : gateway;
    }

    /** A started gateway joined to the first register, once the worker's stream to it is open. */
    protected TestGateway joinedGateway() {
        TestGateway gateway = gateway(true);
        TestRegisters.first().join(gateway.gatewayId(), gateway.address());
        await().atMost(DEADLINE).until(() -> open(gateway));
        return gateway;
    }

    protected boolean open(TestGateway gateway) {
        return connections.byId(gateway.gatewayId()).map(GatewayConnection::isOpen).orElse(false);
    }

    protected GatewayConnection connection(TestGateway gateway) {
        return connections.byId(gateway.gatewayId()).orElseThrow();
    }

    /**
     * Emits the event on the gateway's stream and has the real dispatcher handle what the worker
     * received (the recording sink stands in for it in these tests); returns once it is acknowledged.
     */
    protected void deliver(TestGateway gateway, ClientEvent event) {
        int before = sink.received().size();
        gateway.emit(List.of(event));
        await().atMost(DEADLINE).until(() -> sink.received().size() > before);
        RecordingSink.Received received = sink.received().get(before);
        assertTrue(received.onEventLoop());
        dispatcher.accept(received.source(), received.event());
        await().atMost(DEADLINE).until(() -> gateway.received().stream().filter(WorkerMessage::hasAck)
                .anyMatch(message -> message.getAck().getEventIdsList().contains(event.getEventId())));
    }

    /** Message events with ids {@code from..to} of one client, seq = id. */
    protected static List<ClientEvent> messages(String clientId, long from, long to) {
        List<ClientEvent> events = new ArrayList<>();
        LongStream.rangeClosed(from, to).forEach(id -> events.add(ClientEvent.newBuilder()
                .setEventId(id).setClientId(clientId).setSeq(id)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFromUtf8("m" + id)))
                .build()));
        return events;
    }
}
