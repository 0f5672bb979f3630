package io.gatewayworker.worker.link;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatewayworker.proto.link.Ack;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerMessage;

/**
 * One stream's outgoing messages, in the order they were queued, until the stream takes them out
 * in frames of at most {@code maxMessages} messages and about {@code maxBytes} bytes (a larger single
 * message travels alone).
 * <p>
 * Commands and queries count against {@code capacity}: a full queue refuses more, so a gateway that
 * does not read cannot make this worker's memory grow. Acks are not counted (the gateway's in-flight
 * window bounds them) and travel coalesced: every ack taken into a frame joins a single Ack message at
 * the end of that frame, so an ack never overtakes the messages queued before it (the gateway applies
 * a handler's commands before it learns the event was handled).
 * <p>
 * Any thread may add; one thread at a time takes frames.
 */
final class OutboundQueue {

    /** Rough wire size of one event id in an Ack. */
    private static final int ACK_ID_BYTES = 10;

    private final ConcurrentLinkedQueue<Object> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger counted = new AtomicInteger();
    private final int capacity;
    private final int maxMessages;
    private final int maxBytes;

    OutboundQueue(int capacity, int maxMessages, int maxBytes) {
        this.capacity = capacity;
        this.maxMessages = Math.max(1, maxMessages);
        this.maxBytes = maxBytes;
    }

    /** Queues a message unless {@code capacity} messages are waiting already; returns whether it did. */
    boolean offer(WorkerMessage message) {
        if (counted.incrementAndGet() > capacity) {
            counted.decrementAndGet();
            return false;
        }
        entries.add(message);
        return true;
    }

    /** Queues a message whatever the capacity (a Drain, once per stream). */
    void force(WorkerMessage message) {
        counted.incrementAndGet();
        entries.add(message);
    }

    /** Queues an acknowledgement. */
    void ack(long eventId) {
        entries.add(eventId);
    }

    /** Commands, queries and drains waiting. */
    int size() {
        return counted.get();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The next frame to write, or null when nothing waits. */
    WorkerFrame next() {
        WorkerFrame.Builder frame = WorkerFrame.newBuilder();
        Ack.Builder acks = null;
        int messages = 0;
        int bytes = 0;
        for (Object entry = entries.peek(); entry != null; entry = entries.peek()) {
            if (entry instanceof Long eventId) {
                if (acks == null) {
                    acks = Ack.newBuilder();
                }
                acks.addEventIds(eventId);
                bytes += ACK_ID_BYTES;
            } else {
                WorkerMessage message = (WorkerMessage) entry;
                int size = message.getSerializedSize();
                if (messages > 0 && (messages == maxMessages || bytes + size > maxBytes)) {
                    break;
                }
                frame.addMessages(message);
                messages++;
                bytes += size;
                counted.decrementAndGet();
            }
            entries.poll();
        }
        if (acks != null) {
            frame.addMessages(WorkerMessage.newBuilder().setAck(acks));
        }
        return frame.getMessagesCount() == 0 ? null : frame.build();
    }
}
