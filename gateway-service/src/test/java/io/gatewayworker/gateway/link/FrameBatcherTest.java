package io.gatewayworker.gateway.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayMessage;
import io.gatewayworker.proto.link.Payload;

class FrameBatcherTest {

    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<GatewayFrame> frames = new ArrayList<>();

    @Test
    void messagesOfOneTurnLeaveTogetherInOneFrameScheduledOnce() {
        FrameBatcher batcher = new FrameBatcher(scheduled::add, 10, 1 << 20, frames::add);

        batcher.add(event(1, 10));
        batcher.add(event(2, 10));
        batcher.add(event(3, 10));

        assertEquals(1, scheduled.size());
        assertEquals(0, frames.size());
        runTurn();
        assertEquals(1, frames.size());
        assertEquals(List.of(1L, 2L, 3L), ids(frames.get(0)));
    }

    @Test
    void aFullBatchStartsANewFrame() {
        FrameBatcher batcher = new FrameBatcher(scheduled::add, 2, 1 << 20, frames::add);
        for (int i = 1; i <= 5; i++) {
            batcher.add(event(i, 10));
        }
        runTurn();

        assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L)), frames.stream().map(this::ids).toList());
    }

    @Test
    void framesStayUnderTheByteLimitAndALargeMessageTravelsAlone() {
        FrameBatcher batcher = new FrameBatcher(scheduled::add, 100, 1000, frames::add);
        batcher.add(event(1, 400));
        batcher.add(event(2, 400));
        batcher.add(event(3, 400));
        batcher.add(event(4, 5000));
        batcher.add(event(5, 10));
        runTurn();

        assertEquals(List.of(List.of(1L, 2L), List.of(3L), List.of(4L), List.of(5L)),
                frames.stream().map(this::ids).toList());
    }

    @Test
    void aMessageAddedAfterTheFlushSchedulesAnotherOne() {
        FrameBatcher batcher = new FrameBatcher(scheduled::add, 10, 1 << 20, frames::add);
        batcher.add(event(1, 10));
        runTurn();
        batcher.add(event(2, 10));

        assertEquals(1, scheduled.size());
        runTurn();
        assertEquals(List.of(List.of(1L), List.of(2L)), frames.stream().map(this::ids).toList());
    }

    private void runTurn() {
        List<Runnable> tasks = new ArrayList<>(scheduled);
        scheduled.clear();
        tasks.forEach(Runnable::run);
    }

    private List<Long> ids(GatewayFrame frame) {
        return frame.getMessagesList().stream().map(m -> m.getEvent().getEventId()).toList();
    }

    private static GatewayMessage event(long id, int bytes) {
        return GatewayMessage.newBuilder().setEvent(ClientEvent.newBuilder().setEventId(id)
                .setMessage(Payload.newBuilder().setData(ByteString.copyFrom(new byte[bytes])))).build();
    }
}
