package io.gatewayworker.support.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class WarnThrottleTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final WarnThrottle throttle = new WarnThrottle(Duration.ofSeconds(1), now::get);

    private long at(long millis) {
        now.set(5_000_000_000L + millis * 1_000_000);
        return throttle.admit();
    }

    @Test
    void oneLinePerIntervalAndTheNextOneCountsWhatWasLeftOut() {
        assertEquals(0, at(0));
        assertEquals(WarnThrottle.SUPPRESSED, at(100));
        assertEquals(WarnThrottle.SUPPRESSED, at(999));
        assertEquals(2, at(1000));
        assertEquals(WarnThrottle.SUPPRESSED, at(1500));
        assertEquals(1, at(5000));
        assertEquals(0, at(7000));
    }
}
