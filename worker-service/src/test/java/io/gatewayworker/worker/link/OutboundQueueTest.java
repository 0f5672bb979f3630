package io.gatewayworker.worker.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Drain;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerMessage;

class OutboundQueueTest {

    private static WorkerMessage command(long requestId, int payloadBytes) {
        return WorkerMessage.newBuilder().setCommand(Command.newBuilder().setRequestId(requestId)
                .setSend(Send.newBuilder().setPayload(Payload.newBuilder()
                        .setData(ByteString.copyFrom(new byte[payloadBytes])))))
                .build();
    }

    private static WorkerMessage command(long requestId) {
        return command(requestId, 0);
    }

    private static List<Long> requestIds(WorkerFrame frame) {
        return frame.getMessagesList().stream().filter(WorkerMessage::hasCommand)
                .map(message -> message.getCommand().getRequestId()).toList();
    }

    @Test
    void refusesBeyondCapacityAndTakesMoreOnceDrained() {
        OutboundQueue queue = new OutboundQueue(3, 100, 1 << 20);
        assertTrue(queue.offer(command(1)));
        assertTrue(queue.offer(command(2)));
        assertTrue(queue.offer(command(3)));
        assertFalse(queue.offer(command(4)));
        assertEquals(3, queue.size());

        assertEquals(List.of(1L, 2L, 3L), requestIds(queue.next()));
        assertEquals(0, queue.size());
        assertTrue(queue.offer(command(5)));
    }

    @Test
    void acksAndForcedMessagesBypassTheCapacity() {
        OutboundQueue queue = new OutboundQueue(1, 100, 1 << 20);
        assertTrue(queue.offer(command(1)));
        for (long id = 1; id <= 50; id++) {
            queue.ack(id);
        }
        queue.force(WorkerMessage.newBuilder().setDrain(Drain.newBuilder().setReason("shutdown")).build());
        assertFalse(queue.offer(command(2)), "the drain counts against the capacity");

        WorkerFrame frame = queue.next();
        assertEquals(3, frame.getMessagesCount());
        assertTrue(frame.getMessages(0).hasCommand());
        assertTrue(frame.getMessages(1).hasDrain());
        assertEquals(50, frame.getMessages(2).getAck().getEventIdsCount());
        assertNull(queue.next());
        assertTrue(queue.isEmpty());
    }

    @Test
    void batchesAtMostMaxMessagesPerFrameInOrder() {
        OutboundQueue queue = new OutboundQueue(100, 3, 1 << 20);
        for (long id = 1; id <= 7; id++) {
            queue.offer(command(id));
        }
        assertEquals(List.of(1L, 2L, 3L), requestIds(queue.next()));
        assertEquals(List.of(4L, 5L, 6L), requestIds(queue.next()));
        assertEquals(List.of(7L), requestIds(queue.next()));
        assertNull(queue.next());
    }

    @Test
    void batchesAboutMaxBytesPerFrameAndALargerMessageTravelsAlone() {
        OutboundQueue queue = new OutboundQueue(100, 100, 1000);
        queue.offer(command(1, 400));
        queue.offer(command(2, 400));
        queue.offer(command(3, 5000));
        queue.offer(command(4, 10));
        assertEquals(List.of(1L, 2L), requestIds(queue.next()));
        assertEquals(List.of(3L), requestIds(queue.next()));
        assertEquals(List.of(4L), requestIds(queue.next()));
    }

    @Test
    void acksNeverOvertakeTheMessagesQueuedBeforeThem() {
        OutboundQueue queue = new OutboundQueue(100, 2, 1 << 20);
        queue.offer(command(1));
        queue.offer(command(2));
        queue.offer(command(3));
        queue.ack(10);
        queue.offer(command(4));
        queue.ack(11);

        WorkerFrame first = queue.next();
        assertEquals(List.of(1L, 2L), requestIds(first));
        assertFalse(first.getMessagesList().stream().anyMatch(WorkerMessage::hasAck),
                "ack 10 was queued after command 3, which is not in this frame");

        WorkerFrame second = queue.next();
        assertEquals(List.of(3L, 4L), requestIds(second));
        assertEquals(3, second.getMessagesCount(), "acks do not count as messages; they coalesce into one Ack");
        WorkerMessage last = second.getMessages(2);
        assertEquals(List.of(10L, 11L), last.getAck().getEventIdsList(), "the Ack closes the frame");
        assertNull(queue.next());

        queue.ack(12);
        WorkerFrame acksOnly = queue.next();
        assertEquals(List.of(12L), acksOnly.getMessages(0).getAck().getEventIdsList());
    }

    @Test
    void concurrentProducersNeverExceedTheCapacity() throws InterruptedException {
        OutboundQueue queue = new OutboundQueue(1000, 10_000, Integer.MAX_VALUE);
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    if (queue.offer(command(i))) {
                        accepted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(1000, accepted.get());
        assertEquals(1000, queue.next().getMessagesCount());
    }
}
