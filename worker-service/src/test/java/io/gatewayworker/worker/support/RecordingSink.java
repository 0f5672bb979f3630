package io.gatewayworker.worker.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.worker.dispatch.ClientEventSink;
import io.gatewayworker.worker.link.GatewayConnection;
import io.vertx.core.Context;

/**
 * Stands in for the dispatch layer in tests: records every event with the connection and thread it
 * came on, and every gateway reported gone. With {@link #autoAck} it acknowledges each event at once.
 * <p>
 * An {@code @Alternative} without priority: only tests with {@link LinkTestProfile} enable it, and
 * then it replaces the production sink (the dispatch layer) for them.
 */
@Alternative
@ApplicationScoped
public class RecordingSink implements ClientEventSink {

    /** One event as the sink saw it. */
    public record Received(GatewayConnection source, ClientEvent event, boolean onEventLoop) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> gone = new CopyOnWriteArrayList<>();
    private volatile boolean autoAck;
    private volatile BiConsumer<GatewayConnection, ClientEvent> onEvent = (source, event) -> {
    };

    @Override
    public void accept(GatewayConnection source, ClientEvent event) {
        received.add(new Received(source, event, Context.isOnEventLoopThread()));
        onEvent.accept(source, event);
        if (autoAck) {
            source.ack(event.getEventId());
        }
    }

    @Override
    public void gatewayGone(String gatewayId) {
        gone.add(gatewayId);
    }

    /** Runs for each event, on the thread the stream delivers it on (its event loop). */
    public void onEvent(BiConsumer<GatewayConnection, ClientEvent> action) {
        onEvent = action;
    }

    public void autoAck(boolean on) {
        autoAck = on;
    }

    public List<Received> received() {
        return received;
    }

    /** Events received from one gateway, in order. */
    public List<ClientEvent> eventsFrom(String gatewayId) {
        return received.stream().filter(r -> r.source().gatewayId().equals(gatewayId)).map(Received::event).toList();
    }

    public List<String> gone() {
        return gone;
    }

    public void clear() {
        received.clear();
        gone.clear();
        autoAck = false;
        onEvent = (source, event) -> {
        };
    }
}
