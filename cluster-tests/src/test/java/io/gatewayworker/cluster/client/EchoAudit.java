package io.gatewayworker.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.gatewayworker.cluster.client.ChatProtocol.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one {@link NumberedSender}'s echoes say about delivery, read from its client's inbox once the
 * sender stopped and its last echo arrived: how many went out and came back, which never came back,
 * whether the first arrivals kept the sending order, and how many came back again, flagged
 * {@code "redelivered":true} (the chat app's mark of a message a gateway delivered a second time
 * because the worker that had it died before acknowledging it) or not.
 *
 * @param sent                how many went out (1 to {@code sent})
 * @param received            echoes received, repeats included
 * @param missing             numbers sent and never echoed
 * @param firstArrivalsInOrder whether each number first came back after every smaller one
 * @param duplicates          echoes of a number that had come back before
 * @param unflaggedDuplicates those of the duplicates without {@code "redelivered":true}
 * @param flagged             echoes with {@code "redelivered":true}, first arrivals included
 */
public record EchoAudit(String client, int sent, int received, List<Integer> missing, boolean firstArrivalsInOrder,
        int duplicates, int unflaggedDuplicates, int flagged) {

    /** The audit of {@code sender}'s echoes so far. */
    public static EchoAudit of(NumberedSender sender) {
        List<JsonNode> echoes = sender.client().inbox().all().stream().filter(type("echo")).toList();
        Set<Integer> seen = new HashSet<>();
        List<Integer> firstArrivals = new ArrayList<>();
        int duplicates = 0;
        int unflagged = 0;
        int flagged = 0;
        for (JsonNode echo : echoes) {
            int n = echo.path("data").asInt(-1);
            boolean redelivered = echo.path("redelivered").asBoolean(false);
            if (redelivered) {
                flagged++;
            }
            if (seen.add(n)) {
                firstArrivals.add(n);
            } else {
                duplicates++;
                if (!redelivered) {
                    unflagged++;
                }
            }
        }
        int sent = sender.sent();
        List<Integer> missing = IntStream.rangeClosed(1, sent).filter(n -> !seen.contains(n)).boxed().toList();
        boolean inOrder = IntStream.range(1, firstArrivals.size())
                .allMatch(i -> firstArrivals.get(i) > firstArrivals.get(i - 1));
        return new EchoAudit(sender.client().label(), sent, echoes.size(), missing, inOrder, duplicates, unflagged,
                flagged);
    }

    /** Every message came back, the first arrivals in sending order, a repeat only flagged as a re-delivery. */
    public EchoAudit assertAtLeastOnceInOrder() {
        assertEquals(List.of(), missing, client + ": echoes never received");
        assertTrue(firstArrivalsInOrder, client + ": first arrivals out of order");
        assertEquals(0, unflaggedDuplicates, client + ": repeats not flagged as re-deliveries");
        return this;
    }

    /** {@link #assertAtLeastOnceInOrder()}, and nothing came back twice or flagged. */
    public EchoAudit assertExactlyOnceInOrder() {
        assertAtLeastOnceInOrder();
        assertEquals(0, duplicates, client + ": repeats");
        assertEquals(0, flagged, client + ": re-deliveries");
        return this;
    }

    /** The sum of several clients' figures, under {@code label}. */
    public static EchoAudit total(String label, List<EchoAudit> audits) {
        return new EchoAudit(label, audits.stream().mapToInt(EchoAudit::sent).sum(),
                audits.stream().mapToInt(EchoAudit::received).sum(),
                audits.stream().flatMap(a -> a.missing().stream()).toList(),
                audits.stream().allMatch(EchoAudit::firstArrivalsInOrder),
                audits.stream().mapToInt(EchoAudit::duplicates).sum(),
                audits.stream().mapToInt(EchoAudit::unflaggedDuplicates).sum(),
                audits.stream().mapToInt(EchoAudit::flagged).sum());
    }

    @Override
    public String toString() {
        return String.format("%s: %d sent, %d received, %d missing, %s, %d duplicates (%d not flagged), %d flagged",
                client, sent, received, missing.size(), firstArrivalsInOrder ? "in order" : "OUT OF ORDER", duplicates,
                unflaggedDuplicates, flagged);
    }
}
