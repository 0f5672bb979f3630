package io.gatewayworker.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.ConnectionListener.Admission;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.hub.ClientHub;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.gatewayworker.gateway.routing.FlowLimits;
import io.gatewayworker.gateway.routing.WorkerLane;
import io.gatewayworker.gateway.routing.WorkerRouter;
import io.gatewayworker.gateway.shutdown.ShutdownState;
import io.gatewayworker.gateway.state.GroupMembership;
import io.gatewayworker.gateway.state.SessionStore;
import io.gatewayworker.gateway.state.UidBindings;
import io.gatewayworker.proto.link.ClientEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The gateway's core wired by hand, without Quarkus, for unit tests. */
public final class HubFixture {

    public final ClientIdGenerator ids = new ClientIdGenerator();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final GatewayMetrics metrics = new GatewayMetrics(meters);
    public final ConnectionRegistry registry;
    public final GroupMembership groups = new GroupMembership();
    public final UidBindings uids = new UidBindings();
    public final SessionStore sessions = new SessionStore(1_048_576);
    public final WorkerRouter router;
    public final ShutdownState shutdown = new ShutdownState();
    public final ClientHub hub;

    public HubFixture(int maxConnections, int queueSize) {
        this(maxConnections, FlowLimits.queueOnly(queueSize));
    }

    public HubFixture(int maxConnections, FlowLimits limits) {
        registry = new ConnectionRegistry(maxConnections);
        router = new WorkerRouter(limits, metrics, sessions::get);
        hub = new ClientHub(registry, router, groups, uids, sessions, metrics, shutdown);
    }

    public HubFixture() {
        this(100, 100);
    }

    /** Attaches a worker that records the events it gets. */
    public RecordingWorker attachWorker(String workerId, int window) {
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        WorkerLane lane = router.attach(workerId, window, events::add);
        return new RecordingWorker(router, lane, events);
    }

    /** Opens a connection through the hub; fails the test if it is refused. */
    public TestConnection connect(Transport transport) {
        TestConnection connection = new TestConnection(ids.next(), transport);
        Admission admission = hub.opened(connection);
        if (!admission.accepted()) {
            throw new AssertionError("connection refused: " + admission.refusal());
        }
        return connection;
    }

    /** A worker attached to the router, with the events it was sent. */
    public record RecordingWorker(WorkerRouter router, WorkerLane lane, List<ClientEvent> events) {

        public void ackAll() {
            ack(events.stream().map(ClientEvent::getEventId).toList());
        }

        public void ack(List<Long> eventIds) {
            router.ack(lane, eventIds);
        }
    }
}
