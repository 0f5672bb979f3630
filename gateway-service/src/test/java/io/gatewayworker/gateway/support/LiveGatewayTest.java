package io.gatewayworker.gateway.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.routing.WorkerRouter;

/**
 * Base of the tests against the running gateway: opens fake workers and test connections and, after
 * each test, closes them so that the next test starts with no client, no worker and nothing pending.
 */
public abstract class LiveGatewayTest {

    protected static final Duration DEADLINE = Duration.ofSeconds(10);

    @Inject
    protected ConnectionListener listener;
    @Inject
    protected ClientIdGenerator ids;
    @Inject
    protected WorkerRouter router;

    private final List<FakeWorker> workers = new CopyOnWriteArrayList<>();
    private final List<TestConnection> connections = new CopyOnWriteArrayList<>();

    /** A worker that said hello; returns once the gateway attached it. */
    protected FakeWorker worker(String workerId, int maxInFlight) {
        int before = router.openStreams();
        FakeWorker worker = FakeWorker.attached(workerId, maxInFlight);
        workers.add(worker);
        worker.next(); // GatewayHello
        await().atMost(DEADLINE).until(() -> router.openStreams() > before);
        return worker;
    }

    /** Keeps a worker built by the test for clean-up. */
    protected FakeWorker track(FakeWorker worker) {
        workers.add(worker);
        return worker;
    }

    /** A connection the gateway accepted through its ConnectionListener. */
    protected TestConnection open(Transport transport) {
        TestConnection connection = new TestConnection(ids.next(), transport);
        connections.add(connection);
        Admission admission = listener.opened(connection);
        if (!admission.accepted()) {
            throw new AssertionError("refused: " + admission.refusal());
        }
        return connection;
    }

    protected void close(TestConnection connection) {
        listener.closed(connection, 1000, "client closed");
    }

    @AfterEach
    void closeEverything() {
        try {
            workers.forEach(FakeWorker::ackEverything);
            connections.forEach(this::close); // the gateway ignores those already closed
            if (!workers.isEmpty()) {
                await().atMost(DEADLINE).until(() -> router.pendingEvents() == 0);
            }
        } finally {
            workers.forEach(FakeWorker::close);
            workers.clear();
            connections.clear();
            await().atMost(DEADLINE).until(() -> router.openStreams() == 0);
        }
    }
}
