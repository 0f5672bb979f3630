package io.gatewayworker.cluster.client;

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
 * A WebSocket client on a bare socket, for input no WebSocket library sends: frames of any size,
 * invalid UTF-8, a client that never answers pings (a half-open peer). It performs the handshake,
 * writes masked frames exactly as asked and reads the server's frames itself, answering nothing.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;

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

    /** Connects to a {@code ws://host:port/path} URI and performs the handshake, whatever it answers. */
    public static RawWebSocket connect(URI uri) {
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("bad-input-chaos!".getBytes(StandardCharsets.US_ASCII));
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

    /** The handshake's status line, e.g. {@code HTTP/1.1 101 Switching Protocols}. */
    public String status() {
        return status;
    }

    /** Writes one masked frame; {@code fin} false starts or continues a fragmented message. May fail once the server closed. */
    public void send(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = { 7, 1, 3, 5 };
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Writes only the header of a masked frame announcing {@code length} payload bytes: enough for a server
     * to refuse an oversized frame, and nothing left unread on its side (which would reset the connection
     * and could hide its close frame from this client).
     */
    public void sendHeader(int opcode, long length) throws IOException {
        out.write(ByteBuffer.allocate(14).put((byte) (0x80 | opcode)).put((byte) (0x80 | 127)).putLong(length)
                .put(new byte[] { 7, 1, 3, 5 }).array());
        out.flush();
    }

    /** {@link #send} ignoring a failure: the server may close while the frame is still being written. */
    public void sendMayFail(int opcode, boolean fin, byte[] payload) {
        try {
            send(opcode, fin, payload);
        } catch (IOException closedMeanwhile) {
            // the ending tells what happened
        }
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
                if ((first & 0x0F) == CLOSE) {
                    ByteBuffer body = ByteBuffer.wrap(payload);
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

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // a test socket: nothing to do
        }
    }
}
