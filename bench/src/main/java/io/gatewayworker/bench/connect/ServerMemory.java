package io.gatewayworker.bench.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's memory read from outside, by pid, on this machine: its resident set size from
 * {@code /proc}, and its live heap from {@code jcmd <pid> GC.class_histogram}, which runs a full GC
 * first and sums what survives — so garbage and heap the JVM merely grew into do not count.
 */
final class ServerMemory {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final long JCMD_TIMEOUT_SECONDS = 60;

    /** One reading; -1 where a figure could not be read. {@code histogram} is jcmd's text, or null. */
    record Sample(long rssBytes, long heapBytes, long heapObjects, String histogram) {
    }

    private final long pid;

    ServerMemory(long pid) {
        this.pid = pid;
    }

    /** Forces a full GC in the server, then reads its live heap and its RSS. Blocks for the GC. */
    Sample sample() {
        String histogram = jcmd("GC.class_histogram");
        long heap = -1;
        long objects = -1;
        if (histogram != null) {
            Matcher total = TOTAL.matcher(histogram);
            if (total.find()) {
                objects = Long.parseLong(total.group(1));
                heap = Long.parseLong(total.group(2));
            } else {
                System.err.println("connect: no Total line in the class histogram of pid " + pid);
            }
        }
        return new Sample(rss(), heap, objects, histogram);
    }

    /** The resident set size in bytes, or -1 when {@code /proc} cannot tell. */
    long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("connect: cannot read the RSS of pid " + pid + ": " + e);
        }
        return -1;
    }

    /** jcmd's output for {@code command}, or null when it failed (reported on stderr). */
    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String executable = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        try {
            Process process = new ProcessBuilder(executable, Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                System.err.println("connect: jcmd " + command + " failed for pid " + pid + ": "
                        + new String(output, StandardCharsets.UTF_8).strip());
                return null;
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("connect: cannot run jcmd (a JDK's, for the heap figures): " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
