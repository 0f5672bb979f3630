package io.gatewayworker.bench.baseline;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baseline}: runs the {@link BaselineServer} until the process is stopped. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Runs the single-process baseline chat server on ws://HOST:PORT/ws until stopped.")
public final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "8088", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--event-loops", defaultValue = "2", description = "Event loops (default: ${DEFAULT-VALUE}).")
    int eventLoops;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        BaselineServer.start(vertx, host, port, eventLoops).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        System.out.printf("baseline listening on ws://%s:%d/ws (%d event loops)%n", host, port, eventLoops);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
