package io.gatewayworker.bench.client;

/**
 * Builds the chat protocol's requests and reads the few fields the benchmarks need from replies
 * without a JSON parser: the client must not become the bottleneck it is measuring.
 */
public final class ChatFrames {

    private static final String TYPE = "\"type\":\"";

    private ChatFrames() {
    }

    /** {@code {"type":"login","name":…,"room":…}}; names are the tool's own, so need no escaping. */
    public static String login(String name, String room) {
        return "{\"type\":\"login\",\"name\":\"" + name + "\",\"room\":\"" + room + "\"}";
    }

    /** {@code {"type":"echo","data":{"t":<nanos>,"p":"<padding>"}}}. */
    public static String echo(long sentNanos, String padding) {
        return "{\"type\":\"echo\",\"data\":{\"t\":" + sentNanos + ",\"p\":\"" + padding + "\"}}";
    }

    /** The {@code t} an {@link #echo} carried, as echoed back in {@code data}; -1 when absent. */
    public static long echoedNanos(String reply) {
        return numberAfter(reply, "\"t\":");
    }

    /** {@code {"type":"say","content":"t=<nanos> <padding>"}}: the room hears when it was meant to be sent. */
    public static String say(long sentNanos, String padding) {
        return "{\"type\":\"say\",\"content\":\"t=" + sentNanos + " " + padding + "\"}";
    }

    /** The nanos a {@link #say} carried in its content; -1 when absent. */
    public static long saidNanos(String delivered) {
        return numberAfter(delivered, "\"content\":\"t=");
    }

    /** The value of the first {@code "type"} field, or the empty string. */
    public static String type(String message) {
        int start = message.indexOf(TYPE);
        if (start < 0) {
            return "";
        }
        start += TYPE.length();
        int end = message.indexOf('"', start);
        return end < 0 ? "" : message.substring(start, end);
    }

    /** The value of a string field with no escapes in it (ids, reasons), or null. */
    public static String string(String message, String field) {
        String marker = "\"" + field + "\":\"";
        int start = message.indexOf(marker);
        if (start < 0) {
            return null;
        }
        start += marker.length();
        int end = message.indexOf('"', start);
        return end < 0 ? null : message.substring(start, end);
    }

    /** {@code count} ASCII characters, to make messages a given size. */
    public static String padding(int count) {
        return "x".repeat(Math.max(0, count));
    }

    private static long numberAfter(String text, String marker) {
        int at = text.indexOf(marker);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        boolean digits = false;
        for (int i = at + marker.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits = true;
        }
        return digits ? value : -1;
    }
}
