package io.gatewayworker.worker.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.api.Events;
import io.gatewayworker.worker.example.chat.ChatEvents;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

class NonBlockingHandlersTest {

    static class Plain implements Events {
    }

    @NonBlocking
    static class Declared implements Events {
    }

    /** What a CDI client proxy or intercepted subclass looks like: a subclass without the annotation. */
    static class Generated extends Declared {
    }

    @Blocking
    static class BlockingAgain extends Declared {
    }

    @Test
    void handlersBlockUnlessTheBeanSaysOtherwise() {
        assertFalse(NonBlockingHandlers.declaredBy(Plain.class));
        assertTrue(NonBlockingHandlers.declaredBy(Declared.class));
    }

    @Test
    void aGeneratedSubclassKeepsTheBeanClassChoiceAndTheNearestAnnotationWins() {
        assertTrue(NonBlockingHandlers.declaredBy(Generated.class));
        assertFalse(NonBlockingHandlers.declaredBy(BlockingAgain.class));
    }

    @Test
    void theExampleChatIsNonBlocking() {
        assertTrue(NonBlockingHandlers.declaredBy(ChatEvents.class));
    }
}
