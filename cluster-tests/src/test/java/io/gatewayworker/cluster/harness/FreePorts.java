package io.gatewayworker.cluster.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for test clusters. Never one of bin/cluster's defaults, so tests run beside
 * a local cluster; never the same port twice in one test JVM, so two services never race for it.
 */
final class FreePorts {

    private static final Set<Integer> LOCAL_CLUSTER_DEFAULTS =
            Set.of(1238, 1239, 8080, 8282, 2900, 8090, 8292, 2910, 8180, 8181);
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    static int next() {
        while (true) {
            int port = probe();
            if (!LOCAL_CLUSTER_DEFAULTS.contains(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
