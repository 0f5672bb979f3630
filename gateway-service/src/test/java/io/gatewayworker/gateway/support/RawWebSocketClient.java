package io.gatewayworker.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.gatewayworker.gateway.support.WebSocketTestClient.Close;

/**
 * A WebSocket client on a bare socket: it performs the handshake and reads frames itself, and
 * answers nothing on its own (no pong, no close reply), unlike every WebSocket library. It plays a
 * client that vanished or ignores pings. Every read gives up after 10 s.
 */
public final class RawWebSocketClient implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame from the server (unfragmented, unmasked as servers send them). */
    public record Frame(int opcode, byte[] payload) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects to {@code uri} (http:// or ws://, host, port and path used) and completes the handshake. */
    public RawWebSocketClient(URI uri) {
        try {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("gateway-heartbeat".getBytes(StandardCharsets.UTF_8));
            out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("handshake refused: " + head);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame the server sent. */
    public Frame next() {
        try {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames up to the server's close frame; returns it (pings on the way are ignored). */
    public Close awaitClose() {
        for (Frame frame = next();; frame = next()) {
            if (frame.opcode() == CLOSE) {
                ByteBuffer body = ByteBuffer.wrap(frame.payload());
                int code = body.getShort() & 0xFFFF;
                return new Close(code, StandardCharsets.UTF_8.decode(body).toString());
            }
        }
    }

    /** Sends a masked frame of the given opcode. */
    public void send(int opcode, byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("test frames are small");
        }
        byte[] mask = { 1, 2, 3, 4 };
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends only the header of a masked frame announcing {@code length} payload bytes (16-bit length form). */
    public void sendHeader(int opcode, int length) {
        try {
            out.write(new byte[] { (byte) (0x80 | opcode), (byte) (0x80 | 126), (byte) (length >>> 8), (byte) length,
                    1, 2, 3, 4 });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to do
        }
    }
}
