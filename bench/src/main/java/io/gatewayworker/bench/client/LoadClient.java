package io.gatewayworker.bench.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The client side of a run: a few Vert.x event loops, one per {@link Context} ("lane"), and one
 * WebSocket client. A connection lives on the lane that opened it, so a lane's timer may drive its
 * connections without locks.
 */
public final class LoadClient implements AutoCloseable {

    private final Vertx vertx;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final List<WebSocketConnectOptions> targets = new ArrayList<>();
    private final List<Context> lanes = new ArrayList<>();

    /**
     * @param sourceAddresses 1: the system picks the source address; more: connections take turns on
     *                        127.0.0.1, 127.0.0.2, … so that a loopback target can take more connections
     *                        than one source address has ephemeral ports
     */
    public LoadClient(List<URI> urls, int eventLoops, int sourceAddresses) {
        for (URI url : urls) {
            if (!"ws".equals(url.getScheme())) {
                throw new IllegalArgumentException("only ws:// URLs are supported for now: " + url);
            }
            targets.add(new WebSocketConnectOptions().setHost(url.getHost())
                    .setPort(url.getPort() < 0 ? 80 : url.getPort())
                    .setURI(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()));
        }
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        for (int i = 0; i < sourceAddresses; i++) {
            // The default (50) would queue every further connection to the same host behind the first 50.
            WebSocketClientOptions client = new WebSocketClientOptions()
                    .setMaxConnections(Integer.MAX_VALUE).setConnectTimeout(10_000);
            clients.add(vertx.createWebSocketClient(sourceAddresses == 1 ? client : client.setLocalAddress("127.0.0." + (1 + i))));
        }
        for (int i = 0; i < eventLoops; i++) {
            lanes.add(vertx.getOrCreateContext()); // from a non-Vert.x thread: a new context per call, round robin
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public List<Context> lanes() {
        return lanes;
    }

    /** The lane a connection numbered {@code index} lives on. */
    public Context lane(int index) {
        return lanes.get(index % lanes.size());
    }

    /**
     * Runs {@code tick} on {@code lane} every millisecond while {@code running} holds: paced senders
     * share one timer per event loop rather than one per connection.
     */
    public void tickWhile(Context lane, BooleanSupplier running, Runnable tick) {
        lane.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            if (running.getAsBoolean()) {
                tick.run();
            } else {
                vertx.cancelTimer(timer);
            }
        }));
    }

    /**
     * Opens connection {@code index} on its lane and logs it in; completes once the server listed
     * the room's members. With a null {@code room} it does not log in: it completes on the welcome.
     * Connections take turns over the target URLs and over the source addresses.
     */
    public Future<ChatConnection> open(int index, String name, String room, ChatConnection.Listener listener) {
        Promise<ChatConnection> opened = Promise.promise();
        WebSocketClient client = clients.get(index % clients.size());
        WebSocketConnectOptions target = targets.get(index % targets.size());
        lane(index).runOnContext(v -> client.connect(target)
                .compose(ws -> ChatConnection.login(ws, name, room, listener))
                .onComplete(opened));
        return opened.future();
    }

    /**
     * Opens {@code count} connections, at most {@code concurrency} at a time (each login is broadcast
     * to its room, so opening thousands at once measures a storm, not the steady state).
     */
    public Future<List<ChatConnection>> openAll(int count, int concurrency, IntFunction<Future<ChatConnection>> opener) {
        ChatConnection[] opened = new ChatConnection[count];
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> chains = new ArrayList<>();
        for (int c = 0; c < Math.max(1, Math.min(concurrency, count)); c++) {
            chains.add(openNext(next, count, opener, opened));
        }
        return Future.all(chains).map(all -> List.of(opened));
    }

    private Future<Void> openNext(AtomicInteger next, int count, IntFunction<Future<ChatConnection>> opener,
            ChatConnection[] opened) {
        int index = next.getAndIncrement();
        if (index >= count) {
            return Future.succeededFuture();
        }
        return opener.apply(index).compose(connection -> {
            opened[index] = connection;
            return openNext(next, count, opener, opened);
        });
    }

    /**
     * Closes every connection. Tens of thousands take a while to close gracefully; past 30 s the rest
     * are left to the operating system, which closes them when the tool exits.
     */
    @Override
    public void close() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("bench: connections still closing after 30 s; leaving them to the exit");
        }
    }
}
