package io.gatewayworker.worker.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.gatewayworker.wire.OutboundMessage;
import io.gatewayworker.worker.push.config.PushConfig;
import io.gatewayworker.worker.push.config.PushStartupCheck;
import io.gatewayworker.worker.push.model.CloseRequest;
import io.gatewayworker.worker.push.model.MessageRequest;
import io.gatewayworker.worker.push.model.NamesRequest;
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
        OutboundMessage fits = requests.message(new MessageRequest("éé", null, null, null, null));
        assertEquals("éé", new String(fits.bytes(), StandardCharsets.UTF_8));
        assertFalse(fits.isBinary());
        assertFalse(fits.isRaw());
        assertTrue(reason(() -> requests.message(new MessageRequest("ééé", null, null, null, null)))
                .contains("6 bytes, more than the 4 allowed"));

        OutboundMessage binary = requests.message(
                new MessageRequest(null, Base64.getEncoder().encodeToString(new byte[4]), null, null, null));
        assertArrayEquals(new byte[4], binary.bytes());
        assertTrue(binary.isBinary());
        assertTrue(reason(() -> requests.message(new MessageRequest(null,
                Base64.getEncoder().encodeToString(new byte[5]), null, null, null))).contains("5 bytes"));
    }

    @Test
    void recipientsAndExclusionsAreChecked() {
        assertEquals(List.of("a"), requests.recipients(new MessageRequest("x", null, List.of("a"), null, null), "uid"));
        assertTrue(reason(() -> requests.recipients(new MessageRequest("x", null, null, null, null), "uid"))
                .contains("at least one uid"));
        assertTrue(reason(() -> requests.exclude(new MessageRequest("x", null, null, List.of("ABC"), null)))
                .contains("not a client id"));
        assertEquals(List.of(), requests.exclude(new MessageRequest("x", null, null, null, null)));
    }

    @Test
    void rawMakesARawMessageOfEitherKind() {
        OutboundMessage text = requests.message(new MessageRequest("ab", null, null, null, true));
        assertTrue(text.isRaw());
        assertFalse(text.isBinary());
        OutboundMessage binary = requests.message(new MessageRequest(null, "AAE=", null, null, true));
        assertTrue(binary.isRaw());
        assertTrue(binary.isBinary());
        assertFalse(requests.message(new MessageRequest("ab", null, null, null, false)).isRaw());
    }

    @Test
    void closeBodiesAreChecked() {
        assertNull(requests.closeMessage(null));
        assertNull(requests.closeMessage(new CloseRequest(null, true, null, null)));
        OutboundMessage last = requests.closeMessage(new CloseRequest(null, null, "AAE=", true));
        assertTrue(last.isBinary());
        assertTrue(last.isRaw());
        assertTrue(reason(() -> requests.closeMessage(new CloseRequest("a", null, "AAE=", null)))
                .contains("at most one of 'message' and 'base64'"));
        assertTrue(reason(() -> requests.closeMessage(new CloseRequest(null, true, "AAE=", null)))
                .contains("'destroy' drops output"));
        assertTrue(reason(() -> requests.closeMessage(new CloseRequest(null, null, null, true)))
                .contains("'raw' needs a last"));
        assertTrue(reason(() -> requests.closeMessage(new CloseRequest("", null, null, null)))
                .contains("'message' must not be empty"));
    }

    @Test
    void batchNamesAreChecked() {
        assertEquals(List.of("a", "0"), requests.names(new NamesRequest(List.of("a", "0")), "uid"));
        assertTrue(reason(() -> requests.names(null, "uid")).contains("at least one uid"));
        assertTrue(reason(() -> requests.names(new NamesRequest(List.of()), "group")).contains("at least one group"));
        assertTrue(reason(() -> requests.names(new NamesRequest(Arrays.asList("a", null)), "group"))
                .contains("empty group"));
    }

    @Test
    void startupFailsWhenTheApiIsEnabledWithoutAToken() {
        String reason = assertThrows(IllegalStateException.class,
                () -> PushStartupCheck.check(config(true, null, 10), true)).getMessage();
        assertTrue(reason.contains("WORKER_PUSH_TOKEN"), reason);
        assertThrows(IllegalStateException.class, () -> PushStartupCheck.check(config(true, "  ", 10), true));
        PushStartupCheck.check(config(false, null, 10), false);
        PushStartupCheck.check(config(true, "a-token-of-20-chars!", 10), false);
    }

    @Test
    void aPlaceholderTokenFailsStartupUnlessPlaceholdersAreAllowed() {
        String reason = assertThrows(IllegalStateException.class,
                () -> PushStartupCheck.check(config(true, "CHANGE-ME-push-token", 10), false)).getMessage();
        assertTrue(reason.contains("WORKER_PUSH_TOKEN"), reason);
        PushStartupCheck.check(config(true, "CHANGE-ME-push-token", 10), true);
    }

    @Test
    void startupFailsWithAPlaceholderOrShortTokenUnlessAllowed() {
        String reason = assertThrows(IllegalStateException.class,
                () -> PushStartupCheck.check(config(true, "CHANGE-ME-push-token", 10), false)).getMessage();
        assertTrue(reason.startsWith("WORKER_PUSH_TOKEN (worker.push.token) is a placeholder"), reason);
        assertTrue(reason.contains("openssl rand -base64 32"), reason);
        assertThrows(IllegalStateException.class, () -> PushStartupCheck.check(config(true, "secret", 10), false));
        PushStartupCheck.check(config(true, "CHANGE-ME-push-token", 10), true);
        PushStartupCheck.check(config(false, "CHANGE-ME", 10), false); // a disabled API needs no token
    }
}
