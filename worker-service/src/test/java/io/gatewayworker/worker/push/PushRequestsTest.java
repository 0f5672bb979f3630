package io.gatewayworker.worker.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.gatewayworker.worker.push.config.PushConfig;
import io.gatewayworker.worker.push.config.PushStartupCheck;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.OutgoingMessage;
import io.gatewayworker.worker.push.rest.PushRequests;

/** Message body checks and the startup check, without a running worker. */
class PushRequestsTest {

    private static PushConfig config(boolean enabled, String token, int maxMessageSize) {
        return new PushConfig() {
            public boolean enabled() {
                return enabled;
            }

            public Optional<String> token() {
                return Optional.ofNullable(token);
            }

            public int maxMessageSize() {
                return maxMessageSize;
            }
        };
    }

    private final PushRequests requests = new PushRequests(config(true, "t", 4));

    private static String reason(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void theSizeLimitCountsUtf8BytesAndDecodedBytes() {
        AtomicReference<Object> sent = new AtomicReference<>();
        OutgoingMessage fits = requests.message(new MessageRequest("éé", null, null, null));
        fits.send(sent::set, sent::set);
        assertEquals("éé", sent.get());
        assertTrue(reason(() -> requests.message(new MessageRequest("ééé", null, null, null)))
                .contains("6 bytes, more than the 4 allowed"));

        requests.message(new MessageRequest(null, Base64.getEncoder().encodeToString(new byte[4]), null, null))
                .send(sent::set, sent::set);
        assertArrayEquals(new byte[4], (byte[]) sent.get());
        assertTrue(reason(() -> requests.message(new MessageRequest(null,
                Base64.getEncoder().encodeToString(new byte[5]), null, null))).contains("5 bytes"));
    }

    @Test
    void recipientsAndExclusionsAreChecked() {
        assertEquals(List.of("a"), requests.recipients(new MessageRequest("x", null, List.of("a"), null), "uid"));
        assertTrue(reason(() -> requests.recipients(new MessageRequest("x", null, null, null), "uid"))
                .contains("at least one uid"));
        assertTrue(reason(() -> requests.exclude(new MessageRequest("x", null, null, List.of("ABC"))))
                .contains("not a client id"));
        assertEquals(List.of(), requests.exclude(new MessageRequest("x", null, null, null)));
    }

    @Test
    void startupFailsWhenTheApiIsEnabledWithoutAToken() {
        String reason = assertThrows(IllegalStateException.class,
                () -> PushStartupCheck.check(config(true, null, 10))).getMessage();
        assertTrue(reason.contains("WORKER_PUSH_TOKEN"), reason);
        assertThrows(IllegalStateException.class, () -> PushStartupCheck.check(config(true, "  ", 10)));
        PushStartupCheck.check(config(false, null, 10));
        PushStartupCheck.check(config(true, "secret", 10));
    }
}
