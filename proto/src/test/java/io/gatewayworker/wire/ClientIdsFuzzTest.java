package io.gatewayworker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz test of client id parsing (docs/fuzzing.md): any string is either a client id — and then its
 * gateway is its first 12 characters — or rejected with IllegalArgumentException whose message stays
 * short whatever the input; nothing else. The rule is checked against a plain character loop, not
 * against the class's own pattern.
 */
class ClientIdsFuzzTest {

    /** The longest rejection message: the fixed text plus the id abbreviated to 40 characters and "...". */
    private static final int MAX_MESSAGE = 200;

    @FuzzTest(maxDuration = "1m")
    void anyStringIsAClientIdExactlyWhenItHasTheGatewaysShape(FuzzedDataProvider data) {
        String candidate = data.consumeRemainingAsString();
        if (hasClientIdShape(candidate)) {
            assertSame(candidate, ClientIds.requireValid(candidate));
            assertEquals(candidate.substring(0, ClientIds.GATEWAY_ID_LENGTH), ClientIds.gatewayOf(candidate));
        } else {
            IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                    () -> ClientIds.requireValid(candidate));
            assertTrue(rejected.getMessage().length() <= MAX_MESSAGE, rejected.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ClientIds.gatewayOf(candidate));
        }
        if (candidate.isEmpty()) {
            assertThrows(IllegalArgumentException.class, () -> ClientIds.requireName(candidate, "group"));
        } else {
            assertSame(candidate, ClientIds.requireName(candidate, "group"));
        }
    }

    /** 13 to 28 lowercase hex digits: a 12-digit gateway id and a sequence of 1 to 16 digits. */
    private static boolean hasClientIdShape(String candidate) {
        if (candidate.length() < 13 || candidate.length() > 28) {
            return false;
        }
        return candidate.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }
}
