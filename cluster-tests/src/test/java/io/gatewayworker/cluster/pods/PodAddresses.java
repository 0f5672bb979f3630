package io.gatewayworker.cluster.pods;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pod IPs for pods that are processes on this machine: {@code 127.0.0.11}, {@code .12}, ... Linux
 * routes all of {@code 127.0.0.0/8} to the loopback interface, so each pod binds its own address
 * and several pods listen on the same port numbers, as pods do in their own network namespaces.
 * Addresses are never reused within a test JVM (a new pod gets a new IP, as in a cluster). The
 * first ten are left to whatever else runs on the machine ({@code 127.0.0.1} above all).
 */
final class PodAddresses {

    private static final int FIRST = 11;
    private static final int LAST = 254;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST);

    private PodAddresses() {
    }

    static String next() {
        int host = NEXT.getAndIncrement();
        if (host > LAST) {
            throw new IllegalStateException("no loopback pod addresses left (127.0.0." + FIRST + "-" + LAST + ")");
        }
        return "127.0.0." + host;
    }
}
