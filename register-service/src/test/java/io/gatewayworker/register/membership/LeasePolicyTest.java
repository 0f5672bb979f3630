package io.gatewayworker.register.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LeasePolicyTest {

    private final LeasePolicy policy = new LeasePolicy(5, 120, 30);

    @Test
    void aGatewayThatAsksForNoLeaseGetsTheDefault() {
        assertEquals(30, policy.grant(0));
        assertEquals(30, policy.grant(-4));
    }

    @Test
    void requestsAreClampedBetweenMinimumAndMaximum() {
        assertEquals(5, policy.grant(1));
        assertEquals(45, policy.grant(45));
        assertEquals(120, policy.grant(3600));
    }

    @Test
    void inconsistentBoundsAreRejectedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(10, 5, 7));
        assertThrows(IllegalArgumentException.class, () -> new LeasePolicy(5, 10, 20));
    }
}
