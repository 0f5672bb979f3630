package io.gatewayworker.gateway.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void theDefaultsLeaveRoomForTheLargestEvent() {
        assertDoesNotThrow(() -> FrameBudget.check(16 * MIB, MIB, MIB, MIB));
    }

    @Test
    void aSessionLimitThatCouldNotTravelWithAMessageStopsTheStartNamingTheSettings() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> FrameBudget.check(16 * MIB, 15 * MIB, MIB, 2 * MIB));

        assertTrue(refused.getMessage().contains("gateway.session.max-bytes")
                && refused.getMessage().contains("gateway.worker.max-frame-size"), refused.getMessage());
    }
}
