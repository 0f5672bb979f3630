package io.gatewayworker.gateway.link;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayMessage;

/**
 * Batches a stream's outgoing messages into frames. The first message queued schedules a flush at
 * the end of the stream's current event-loop turn, so a message never waits for more to come;
 * everything queued until then leaves in frames of at most {@code maxMessages} messages and about
 * {@code maxBytes} bytes (a larger single message travels alone). Any thread may {@link #add};
 * frames are handed on by the flush task only, one at a time.
 * <p>
 * The queue holds at most what one turn produces: events are bounded by the in-flight window,
 * replies by the requests in the worker frames being processed.
 */
final class FrameBatcher {

    private final Consumer<Runnable> afterTurn;
    private final int maxMessages;
    private final int maxBytes;
    private final Consumer<GatewayFrame> out;
    private final ConcurrentLinkedQueue<GatewayMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param afterTurn runs a task on the stream's event loop after the current turn
     * @param out       receives the frames, on that event loop
     */
    FrameBatcher(Consumer<Runnable> afterTurn, int maxMessages, int maxBytes, Consumer<GatewayFrame> out) {
        this.afterTurn = afterTurn;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.out = out;
    }

    void add(GatewayMessage message) {
        queue.add(message);
        if (scheduled.compareAndSet(false, true)) {
            afterTurn.accept(this::flush);
        }
    }

    /** Sends everything queued now. Runs on the stream's event loop. */
    void flush() {
        scheduled.set(false); // before draining: whatever is added from now on schedules its own flush
        GatewayFrame.Builder frame = null;
        int bytes = 0;
        for (GatewayMessage message = queue.poll(); message != null; message = queue.poll()) {
            int size = message.getSerializedSize();
            if (frame != null && (frame.getMessagesCount() == maxMessages || bytes + size > maxBytes)) {
                out.accept(frame.build());
                frame = null;
            }
            if (frame == null) {
                frame = GatewayFrame.newBuilder();
                bytes = 0;
            }
            frame.addMessages(message);
            bytes += size;
        }
        if (frame != null) {
            out.accept(frame.build());
        }
    }
}
