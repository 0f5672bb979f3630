package io.gatewayworker.cluster.pods;

import io.gatewayworker.cluster.k8s.Container;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code java} options of a container's process: the image runs {@code java $JAVA_OPTS_APPEND -jar
 * quarkus-run.jar}, so the container's {@code JAVA_OPTS_APPEND} as resolved, plus what the container
 * itself would give the JVM and a process on the host lacks:
 * <ul>
 *   <li>{@code -XX:MaxRAM=<limits.memory>}: in a container the JVM sizes its heap from the memory
 *       limit ({@code -XX:MaxRAMPercentage} in the manifests is a share of it); on the host it would
 *       size it from the machine's memory;</li>
 *   <li>{@code -XX:ActiveProcessorCount=<limits.cpu, rounded up>}: the JVM sees the CPU limit as its
 *       processor count (thread pools and event loops are sized from it);</li>
 *   <li>{@code -Djava.io.tmpdir=<pod>/tmp}: the pod's {@code emptyDir} on {@code /tmp}, one per pod.</li>
 * </ul>
 * Nothing else: no test-only tuning, so a pod starts as slowly as it would in the cluster.
 */
final class ContainerJvm {

    private ContainerJvm() {
    }

    static List<String> options(Container container, Map<String, String> env, Path tmpDir) {
        List<String> options = new ArrayList<>();
        String append = env.getOrDefault("JAVA_OPTS_APPEND", "").trim();
        if (!append.isEmpty()) {
            options.addAll(Arrays.asList(append.split("\\s+")));
        }
        container.resource("limits", "memory").ifPresent(memory -> options.add("-XX:MaxRAM=" + bytes(memory)));
        container.resource("limits", "cpu")
                .ifPresent(cpu -> options.add("-XX:ActiveProcessorCount=" + processors(cpu)));
        options.add("-Djava.io.tmpdir=" + tmpDir);
        return options;
    }

    /** A Kubernetes memory quantity ({@code 384Mi}, {@code 1Gi}, {@code 500M}, {@code 1000000}) in bytes. */
    static long bytes(String quantity) {
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        for (String[] suffix : suffixes) {
            if (quantity.endsWith(suffix[0])) {
                String number = quantity.substring(0, quantity.length() - suffix[0].length());
                return new BigDecimal(number).multiply(new BigDecimal(suffix[1])).longValueExact();
            }
        }
        return new BigDecimal(quantity).longValueExact();
    }

    /** A CPU quantity ({@code 2}, {@code 0.5}, {@code 500m}) as whole processors, rounded up, at least 1. */
    static int processors(String quantity) {
        BigDecimal cores = quantity.endsWith("m")
                ? new BigDecimal(quantity.substring(0, quantity.length() - 1)).movePointLeft(3)
                : new BigDecimal(quantity);
        return Math.max(1, cores.setScale(0, RoundingMode.CEILING).intValueExact());
    }
}
