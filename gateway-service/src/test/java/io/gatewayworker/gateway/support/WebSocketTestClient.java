package io.gatewayworker.gateway.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests (the JDK's), recording the messages and the close it receives.
 * Text messages are recorded as they are; binary ones as {@code "binary:" + UTF-8 of the bytes}.
 */
public final class WebSocketTestClient implements AutoCloseable {

    /** The close frame received from the server. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WebSocketTestClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Recorder()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code uri} (http:// or ws://) with extra handshake headers. */
    public static WebSocketTestClient connect(URI uri, Map<String, String> headers) {
        return new WebSocketTestClient(URI.create(uri.toString().replaceFirst("^http", "ws")), headers);
    }

    public static WebSocketTestClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Sends a binary message the server may refuse midway: a failed send is not an error here. */
    public void sendBinaryMayFail(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).handle((sent, failure) -> null)
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next message received; fails after 10 s. */
    public String next() {
        try {
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no WebSocket message within 10 s");
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The close frame the server sent; fails after 10 s. */
    public Close awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes from the client side with 1000. */
    public void closeNormally() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Recorder implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add("binary:" + binary.toString(StandardCharsets.UTF_8));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }
}
