package io.gatewayworker.bench.client;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.impl.WebSocketInternal;

/**
 * One logged-in chat connection. Every callback runs on the lane (event loop) that opened it.
 */
public final class ChatConnection {

    /** What a scenario hears from a connection once it is logged in. */
    public interface Listener {

        /** A text message after login (the room's {@code login} and {@code say} messages, {@code echo} replies…). */
        void onMessage(ChatConnection connection, String text);

        /** An {@code error} message, a transport failure, or the server closing the connection. */
        void onError(ChatConnection connection, String reason);

        /** A listener from its two halves; errors usually go straight to the measurement. */
        static Listener of(BiConsumer<ChatConnection, String> onMessage, Consumer<String> onError) {
            return new Listener() {
                @Override
                public void onMessage(ChatConnection connection, String text) {
                    onMessage.accept(connection, text);
                }

                @Override
                public void onError(ChatConnection connection, String reason) {
                    onError.accept(reason);
                }
            };
        }
    }

    private final WebSocket ws;
    private final String name;
    private final Promise<Void> closed = Promise.promise();
    private volatile boolean closing;
    private String clientId;
    private boolean loggedIn;

    private ChatConnection(WebSocket ws, String name) {
        this.ws = ws;
        this.name = name;
    }

    static Future<ChatConnection> login(WebSocket ws, String name, String room, Listener listener) {
        ChatConnection connection = new ChatConnection(ws, name);
        Promise<ChatConnection> loggedIn = Promise.promise();
        ws.textMessageHandler(text -> connection.received(text, room, listener, loggedIn));
        ws.exceptionHandler(failure -> connection.failed(String.valueOf(failure), listener, loggedIn));
        ws.closeHandler(v -> {
            connection.closed.tryComplete();
            if (!connection.closing) {
                connection.failed("closed by the server (" + ws.closeStatusCode() + " " + ws.closeReason() + ")",
                        listener, loggedIn);
            }
        });
        return loggedIn.future();
    }

    private void received(String text, String room, Listener listener, Promise<ChatConnection> loggedInPromise) {
        if (loggedIn) {
            if ("error".equals(ChatFrames.type(text))) {
                listener.onError(this, "error from the server: " + ChatFrames.string(text, "reason"));
            } else {
                listener.onMessage(this, text);
            }
            return;
        }
        switch (ChatFrames.type(text)) {
            case "welcome" -> {
                clientId = ChatFrames.string(text, "client_id");
                if (room == null) { // an idle connection: welcomed is ready
                    loggedIn = true;
                    loggedInPromise.tryComplete(this);
                } else {
                    ws.writeTextMessage(ChatFrames.login(name, room));
                }
            }
            case "members" -> {
                loggedIn = true;
                loggedInPromise.tryComplete(this);
            }
            case "error" -> loggedInPromise.tryFail(name + ": login refused: " + ChatFrames.string(text, "reason"));
            default -> { } // the room announcing logins before ours completes
        }
    }

    private void failed(String reason, Listener listener, Promise<ChatConnection> loggedInPromise) {
        if (loggedIn) {
            listener.onError(this, name + ": " + reason);
        } else {
            loggedInPromise.tryFail(name + ": " + reason);
        }
    }

    public String name() {
        return name;
    }

    /** The id the server's {@code welcome} gave this connection. */
    public String clientId() {
        return clientId;
    }

    /** False while the socket's write queue is full: a paced sender then falls behind and is charged for it. */
    public boolean writable() {
        return !ws.writeQueueFull();
    }

    public void send(String text) {
        ws.writeTextMessage(text);
    }

    /**
     * Queues a text message without flushing it; {@link #flush} sends everything queued in one
     * write. A paced sender queues all of a tick's due messages this way: like a real client that
     * has several messages ready, and one system call instead of one per message, so that the tool
     * spends less of the cores it shares with the server it measures. Vert.x flushes every write made
     * outside a read, and its API has no unflushed write, hence the Netty channel (on this
     * connection's lane only).
     */
    public void queue(String text) {
        Channel channel = channel();
        channel.write(new TextWebSocketFrame(text), channel.voidPromise());
    }

    /** Sends what {@link #queue} queued. */
    public void flush() {
        channel().flush();
    }

    private Channel channel() {
        return ((WebSocketInternal) ws).channelHandlerContext().channel();
    }

    /**
     * Closes without reporting the close as an error; completes once the connection is closed, not
     * when the close frame is written: the server, which ends the TCP connection, has let go of it.
     */
    public Future<Void> close() {
        closing = true;
        ws.close();
        return closed.future();
    }
}
