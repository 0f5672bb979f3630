package io.gatewayworker.support.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client on a bare socket, for what no WebSocket library does: frames of any size or
 * fragmentation, invalid UTF-8, a peer that never answers pings or close frames (a vanished or
 * half-open client). It performs the handshake, writes masked frames exactly as asked, reads the
 * server's frames itself and answers nothing on its own. Reads give up after 20 s.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final byte[] MASK = { 7, 1, 3, 5 };

    /** One frame from the server (servers send them unmasked). */
    public record Frame(int opcode, byte[] payload) {
    }

    /** How the connection ended: the server's close frame, or the end of the stream without one. */
    public record Ending(int code, String reason) {
        /** No close frame: the connection ended (or was reset) first. */
        public static final Ending NO_CLOSE_FRAME = new Ending(1006, "no close frame");
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String status;

    private RawWebSocket(Socket socket, String status) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /** Connects to {@code uri} (ws:// or http://; host, port and path used) and performs the handshake, whatever it answers. */
    public static RawWebSocket connect(URI uri) {
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("raw-websocket-key".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                head.write(in.readUnsignedByte());
            }
            return new RawWebSocket(socket, head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #connect} that fails unless the server switched protocols (HTTP 101). */
    public static RawWebSocket open(URI uri) {
        RawWebSocket client = connect(uri);
        if (!client.status().startsWith("HTTP/1.1 101")) {
            client.close();
            throw new IllegalStateException("handshake refused: " + client.status());
        }
        return client;
    }

    /** The handshake's status line, e.g. {@code HTTP/1.1 101 Switching Protocols}. */
    public String status() {
        return status;
    }

    /** The next frame the server sent. */
    public Frame next() {
        try {
            return readFrame();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one masked frame; {@code fin} false starts or continues a fragmented message. */
    public void send(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.writeBytes(header(fin, opcode, payload.length));
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ MASK[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** One whole (final) masked frame. */
    public void send(int opcode, byte[] payload) {
        try {
            send(opcode, true, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #send(int, boolean, byte[])} ignoring a failure: the server may close while the frame is being written. */
    public void sendMayFail(int opcode, boolean fin, byte[] payload) {
        try {
            send(opcode, fin, payload);
        } catch (IOException closedMeanwhile) {
            // the ending tells what happened
        }
    }

    /**
     * Writes only the header of a masked frame announcing {@code length} payload bytes: enough for a server
     * to refuse an oversized frame, and nothing left unread on its side (which would reset the connection
     * and could hide its close frame from this client).
     */
    public void sendHeader(int opcode, long length) {
        try {
            out.write(header(true, opcode, length));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A masked frame's header in the minimal length form (servers refuse a longer form as a protocol error). */
    private static byte[] header(boolean fin, int opcode, long length) {
        ByteBuffer header = ByteBuffer.allocate(14).put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            header.put((byte) (0x80 | length));
        } else if (length < 65_536) {
            header.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            header.put((byte) (0x80 | 127)).putLong(length);
        }
        header.put(MASK);
        byte[] bytes = new byte[header.position()];
        header.flip().get(bytes);
        return bytes;
    }

    /** Reads frames (pings included, answering none) up to the server's close frame or the end of the connection. */
    public Ending awaitClose() {
        return awaitEnding(Duration.ofSeconds(20));
    }

    /**
     * Reads (and ignores) frames until the server's close frame or the end of the connection, for at most
     * {@code timeout}; fails when the connection is still open then.
     */
    public Ending awaitEnding(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                Frame frame = readFrame();
                if (frame.opcode() == CLOSE) {
                    ByteBuffer body = ByteBuffer.wrap(frame.payload());
                    int code = body.remaining() >= 2 ? body.getShort() & 0xFFFF : 1005;
                    return new Ending(code, StandardCharsets.UTF_8.decode(body).toString());
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open after " + timeout.toMillis() + " ms");
        } catch (EOFException e) {
            return Ending.NO_CLOSE_FRAME;
        } catch (IOException e) {
            return Ending.NO_CLOSE_FRAME; // reset
        }
    }

    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // a test socket: nothing to do
        }
    }
}
