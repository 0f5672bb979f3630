package io.gatewayworker.support.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReconnectTest {

    private final Reconnect reconnect = new Reconnect(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5));

    @Test
    void onlyTheFirstFailureInARowIsNewsAndTheDelaysGrow() {
        Reconnect.Retry first = reconnect.failed();
        Reconnect.Retry second = reconnect.failed();

        assertFalse(first.repeated());
        assertEquals(100, first.delayMillis());
        assertTrue(second.repeated());
        assertEquals(200, second.delayMillis());
    }

    @Test
    void aSuccessMakesTheNextFailureNewsAndRestartsTheBackoff() {
        reconnect.failed();
        reconnect.failed();

        reconnect.succeeded();
        Reconnect.Retry next = reconnect.failed();

        assertFalse(next.repeated());
        assertEquals(100, next.delayMillis());
    }
}
