package io.gatewayworker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.gatewayworker.bench.run.Pacer;

class PacerTest {

    @Test
    void aLateSenderCatchesUpWithTheIntendedTimesNotTheActualOnes() {
        Pacer pacer = new Pacer(1000, 5_000_000); // every millisecond from 5 ms
        assertFalse(pacer.due(4_999_999));
        long now = 7_500_000; // the sender woke 2.5 ms late: three sends are due, stamped 5, 6 and 7 ms
        assertTrue(pacer.due(now));
        assertEquals(5_000_000, pacer.take());
        assertEquals(6_000_000, pacer.take());
        assertEquals(7_000_000, pacer.take());
        assertFalse(pacer.due(now));
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Pacer(0, 0));
    }
}
