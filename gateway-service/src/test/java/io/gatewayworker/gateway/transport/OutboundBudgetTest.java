package io.gatewayworker.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutboundBudgetTest {

    @Test
    void sendsAreAcceptedUpToTheLimitAndAgainOnceWritten() {
        OutboundBudget budget = new OutboundBudget(100) {
        };

        assertTrue(budget.tryReserve(60));
        assertTrue(budget.tryReserve(40));
        assertFalse(budget.tryReserve(1));
        assertEquals(40, budget.release(60));
        assertTrue(budget.tryReserve(60));
        assertEquals(100, budget.pending());
    }

    @Test
    void oneMessageLargerThanTheLimitPassesOnlyWhenNothingIsPending() {
        OutboundBudget budget = new OutboundBudget(100) {
        };

        assertTrue(budget.tryReserve(500));
        assertFalse(budget.tryReserve(1));
        budget.release(500);
        assertTrue(budget.tryReserve(1));
        assertFalse(budget.tryReserve(500));
    }
}
