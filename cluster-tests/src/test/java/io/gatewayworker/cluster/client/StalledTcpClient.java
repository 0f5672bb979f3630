package io.gatewayworker.cluster.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A chat client on a gateway's TCP listener that sends what it is told and never reads: it plays a
 * client whose application hung, so that everything the gateway sends it piles up. Its receive buffer
 * is made small before connecting, so the pile-up reaches the gateway quickly.
 */
public final class StalledTcpClient implements AutoCloseable {

    private final Socket socket;

    private StalledTcpClient(Socket socket) {
        this.socket = socket;
    }

    public static StalledTcpClient connect(InetSocketAddress address) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(4096);
            socket.connect(address, 5_000);
            return new StalledTcpClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /** Sends one line (the chat protocol's framing). */
    public void send(String line) {
        try {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + line, e);
        }
    }

    /**
     * Starts reading at last, dropping what arrives, and returns whether the gateway ended the connection
     * (end of stream or reset) within {@code timeout} of the last byte.
     */
    public boolean awaitEnd(Duration timeout) {
        byte[] sink = new byte[64 * 1024];
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            while (in.read(sink) >= 0) {
                // what the gateway had sent before it closed
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the gateway counts as ended
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
