package io.gatewayworker.cluster.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The ends of services' log files, for failure reports. */
public final class ServiceLogs {

    private ServiceLogs() {
    }

    /** The last {@code lines} lines of {@code log}, or why it cannot be read. */
    public static String tail(Path log, int lines) {
        try {
            // Decoding the bytes replaces malformed input instead of failing on it, as readAllLines would.
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The tail of every {@code *.log} in {@code dir}, each under a header naming the file. */
    public static String tails(Path dir, int lines) {
        if (!Files.isDirectory(dir)) {
            return "(no logs: " + dir + " does not exist)";
        }
        try (Stream<Path> logs = Files.list(dir)) {
            StringBuilder report = new StringBuilder();
            logs.filter(path -> path.getFileName().toString().endsWith(".log")).sorted().forEach(log ->
                    report.append("==> ").append(log).append(" <==\n").append(tail(log, lines)).append('\n'));
            return report.toString();
        } catch (IOException e) {
            return "(cannot list " + dir + ": " + e + ")";
        }
    }
}
