package io.gatewayworker.cluster.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A chat client on a gateway's {@code /ws} endpoint ({@link java.net.http.WebSocket}, text frames). */
public final class WebSocketChatClient implements ChatClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final String label;
    private final Inbox inbox;
    private final WebSocket socket;

    private WebSocketChatClient(String label, Inbox inbox, WebSocket socket) {
        this.label = label;
        this.inbox = inbox;
        this.socket = socket;
    }

    public static WebSocketChatClient connect(URI uri, String label) {
        Inbox inbox = new Inbox(label);
        try {
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, new Listener(inbox))
                    .get(10, TimeUnit.SECONDS);
            return new WebSocketChatClient(label, inbox, socket);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(label + ": cannot open WebSocket " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(label + ": interrupted", e);
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Inbox inbox() {
        return inbox;
    }

    /** One text frame; waits for the send to complete because the JDK allows one outstanding send. */
    @Override
    public synchronized void send(String text) {
        try {
            socket.sendText(text, true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(label + ": cannot send " + text, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(label + ": interrupted", e);
        }
    }

    /** A normal close handshake; the gateway sees the client leave. */
    @Override
    public synchronized void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        // Whatever the server answers, the connection ends here.
        try {
            inbox.awaitClosed(Duration.ofSeconds(5));
        } catch (AssertionError notAnsweredInTime) {
            socket.abort();
        }
    }

    @Override
    public String toString() {
        return label;
    }

    /** Collects text frames (possibly split into parts) as JSON messages; one frame at a time. */
    private static final class Listener implements WebSocket.Listener {
        private final Inbox inbox;
        private final StringBuilder partial = new StringBuilder();

        Listener(Inbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(ChatProtocol.parse(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            inbox.closed("close frame " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            inbox.closed("error " + error);
        }
    }
}
