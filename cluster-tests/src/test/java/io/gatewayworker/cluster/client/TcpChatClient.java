package io.gatewayworker.cluster.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A chat client on a gateway's TCP listener with the {@code text} codec: one JSON message per line. */
public final class TcpChatClient implements ChatClient {

    private final String label;
    private final Inbox inbox;
    private final Socket socket;
    private final OutputStream out;

    private TcpChatClient(String label, Inbox inbox, Socket socket) throws IOException {
        this.label = label;
        this.inbox = inbox;
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    public static TcpChatClient connect(InetSocketAddress address, String label) {
        Socket socket = new Socket();
        try {
            socket.connect(address, 5_000);
            socket.setTcpNoDelay(true);
            TcpChatClient client = new TcpChatClient(label, new Inbox(label), socket);
            Thread reader = new Thread(client::readLines, "tcp-reader-" + label);
            reader.setDaemon(true);
            reader.start();
            return client;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new AssertionError(label + ": cannot connect to " + address, e);
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Inbox inbox() {
        return inbox;
    }

    @Override
    public synchronized void send(String text) {
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(label + ": cannot send " + text, e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        inbox.awaitClosed(DEFAULT_TIMEOUT);
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    inbox.add(ChatProtocol.parse(line));
                }
            }
            inbox.closed("end of stream");
        } catch (IOException e) {
            inbox.closed(e.toString());
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
