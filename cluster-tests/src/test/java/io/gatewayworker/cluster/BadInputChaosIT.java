package io.gatewayworker.cluster;

import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.client.ChatProtocol;
import io.gatewayworker.cluster.client.NumberedSender;
import io.gatewayworker.support.websocket.RawWebSocket;
import io.gatewayworker.support.websocket.RawWebSocket.Ending;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.ServiceProcess;
import io.gatewayworker.cluster.harness.WorkerNode;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.StatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.gatewayworker.cluster.client.ChatProtocol.echoOf;
import static io.gatewayworker.cluster.client.ChatProtocol.echoedNumbers;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaos scenario 6, bad input, on a cluster of its own (a register, two gateways, two workers, each its
 * own JVM): gateway 1 speaks the TCP {@code text} codec, gateway 2 the {@code frame} codec, both with
 * small limits (64 KiB messages, 16 connections) and a short heartbeat (1 s, 2 missed). Well-behaved
 * clients send numbered echoes through both gateways the whole time, while others send oversized
 * WebSocket frames and TCP lines, invalid UTF-8, garbage and truncated TCP frames, a 2 GiB length prefix,
 * go silent (half-open), flood a gateway past its connection limit, and call the register and a gateway
 * with a wrong cluster secret. Each gets its documented error; at the end every JVM is alive and ready,
 * and the well-behaved clients got every echo, once, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class BadInputChaosIT {

    private static final int MAX_MESSAGE = 64 * 1024;
    private static final int MAX_CONNECTIONS = 16;
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final int MISSED_LIMIT = 2;
    /** Silent for more than the limit, checked on the next beat, plus slack for a busy machine. */
    private static final Duration SILENCE_BOUND = HEARTBEAT.multipliedBy(MISSED_LIMIT + 1).plusSeconds(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ECHO_PERIOD = Duration.ofMillis(20);

    private static LocalCluster cluster;
    private static GatewayNode text;
    private static GatewayNode frame;
    private static ScheduledExecutorService timer;
    private static final List<NumberedSender> wellBehaved = new ArrayList<>();
    private static final List<AutoCloseable> opened = new ArrayList<>();
    private static long started;

    @BeforeAll
    static void startCluster() {
        started = System.nanoTime();
        cluster = LocalCluster.start("bad-input", 1, 2, Map.of(
                "GATEWAY_MAX_CONNECTIONS", String.valueOf(MAX_CONNECTIONS),
                "GATEWAY_WEBSOCKET_MAX_MESSAGE_SIZE", String.valueOf(MAX_MESSAGE),
                "GATEWAY_TCP_MAX_FRAME_SIZE", String.valueOf(MAX_MESSAGE),
                "GATEWAY_HEARTBEAT_INTERVAL", HEARTBEAT.toMillis() + "ms",
                "GATEWAY_HEARTBEAT_MISSED_LIMIT", String.valueOf(MISSED_LIMIT)));
        text = cluster.gateway(1);
        frame = cluster.startGateway(Map.of("GATEWAY_TCP_CODEC", "frame"));
        await("both workers streaming to " + frame.name()).atMost(TIMEOUT).until(() -> cluster.workers().stream()
                .allMatch(worker -> worker.connectedGatewayIds().contains(frame.id())));
        System.out.printf("bad-input cluster up in %d ms%n", millisSince(started));
        timer = Executors.newScheduledThreadPool(3);
        for (ChatClient client : List.of(text.connect(WEBSOCKET, "steady-ws"), text.connect(TCP, "steady-tcp"),
                frame.connect(WEBSOCKET, "steady-ws"))) {
            client.awaitType("welcome");
            wellBehaved.add(NumberedSender.echoes(client, timer, ECHO_PERIOD));
        }
    }

    @AfterAll
    static void stopCluster() {
        wellBehaved.forEach(NumberedSender::stop);
        if (timer != null) {
            timer.shutdownNow();
        }
        opened.forEach(BadInputChaosIT::closeQuietly);
        wellBehaved.forEach(sender -> closeQuietly(sender.client()));
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aTcpLineOverTheLimitEndsTheConnectionWithALoggedReason() {
        RawTcp client = tcp(text);
        String clientId = ChatProtocol.parse(client.readLine()).path("client_id").asText();

        // No line end: refused as soon as the unfinished line passes the limit (one byte more than the
        // limit could still be the \r of a line end, so two).
        assertTooBigEndsWithALoggedReason(text, client, clientId, new byte[MAX_MESSAGE + 2]);
    }

    @Test
    @Order(2)
    void aTwoGibLengthPrefixEndsTheConnectionFromTheHeaderAloneWithALoggedReason() {
        RawTcp client = tcp(frame);
        String clientId = ChatProtocol.parse(client.readFrame()).path("client_id").asText();

        // 2^31 announced (negative as a signed int), two payload bytes sent.
        assertTooBigEndsWithALoggedReason(frame, client, clientId, new byte[] { (byte) 0x80, 0, 0, 0, 'x', 'y' });
    }

    /** The first MESSAGE_TOO_BIG of a gateway: its log line is never throttled away. */
    private static void assertTooBigEndsWithALoggedReason(GatewayNode gateway, RawTcp client, String clientId,
            byte[] bad) {
        double before = refused(gateway, "MESSAGE_TOO_BIG");

        client.writeMayFail(bad);

        assertTrue(client.awaitEnd(TIMEOUT), "connection ended");
        await("counted").atMost(TIMEOUT).until(() -> refused(gateway, "MESSAGE_TOO_BIG") == before + 1);
        await(gateway.name() + " logs why it closed " + clientId).atMost(TIMEOUT).until(() -> gateway.process()
                .logTail(2000).lines().anyMatch(line -> line.contains("TCP client " + clientId)
                        && line.contains("message too big")));
    }

    @Test
    @Order(3)
    void garbageAndBadLengthsOnTheFramePortEndTheirConnections() {
        double tooBig = refused(frame, "MESSAGE_TOO_BIG");
        double protocol = refused(frame, "PROTOCOL_ERROR");
        RawTcp http = tcp(frame);
        RawTcp tooShort = tcp(frame);
        http.readFrame();
        tooShort.readFrame();

        http.writeMayFail("GET / HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // ~1.2 GB
        tooShort.writeMayFail(new byte[] { 0, 0, 0, 2 }); // shorter than its own header

        assertTrue(http.awaitEnd(TIMEOUT), "garbage: connection ended");
        assertTrue(tooShort.awaitEnd(TIMEOUT), "length 2: connection ended");
        await("counted").atMost(TIMEOUT).until(() -> refused(frame, "MESSAGE_TOO_BIG") == tooBig + 1
                && refused(frame, "PROTOCOL_ERROR") == protocol + 1);
    }

    @Test
    @Order(4)
    void aTruncatedFrameThenSilenceIsClosedByTheHeartbeat() {
        RawTcp client = tcp(frame);
        client.readFrame();
        double before = refused(frame, "HEARTBEAT_TIMEOUT");

        long sent = System.nanoTime();
        client.writeMayFail(new byte[] { 0, 0, 0, 104, '{', '"' }); // 100 bytes announced, 2 sent, then nothing

        assertTrue(client.awaitEnd(SILENCE_BOUND), "closed within " + SILENCE_BOUND);
        long closedAfter = millisSince(sent);
        assertTrue(closedAfter >= HEARTBEAT.toMillis() * MISSED_LIMIT - 200, "not before the limit: " + closedAfter);
        await("counted").atMost(TIMEOUT).until(() -> refused(frame, "HEARTBEAT_TIMEOUT") == before + 1);
        System.out.printf("half-open TCP client (truncated frame) closed %d ms after it went silent%n", closedAfter);
    }

    @Test
    @Order(5)
    void aHalfOpenWebSocketThatNeverAnswersPingsIsClosedWith1001() {
        RawWebSocket silent = keep(RawWebSocket.connect(text.webSocketUri()));
        long connected = System.nanoTime();

        Ending ending = silent.awaitEnding(SILENCE_BOUND);

        assertEquals(new Ending(1001, "heartbeat timeout"), ending);
        System.out.printf("half-open WebSocket closed with %s %d ms after it connected%n", ending,
                millisSince(connected));
    }

    @Test
    @Order(6)
    void oversizedWebSocketFramesAndMessagesCloseWith1009() throws Exception {
        double before = refused(text, "MESSAGE_TOO_BIG") + refused(frame, "MESSAGE_TOO_BIG");
        RawWebSocket oneFrame = keep(RawWebSocket.connect(text.webSocketUri()));
        RawWebSocket fragments = keep(RawWebSocket.connect(frame.webSocketUri()));

        oneFrame.sendHeader(RawWebSocket.TEXT, MAX_MESSAGE + 1); // refused from the header alone
        byte[] half = new byte[MAX_MESSAGE / 2 + 1]; // each fragment fits; together they do not
        fragments.sendMayFail(RawWebSocket.TEXT, false, half);
        fragments.sendMayFail(RawWebSocket.CONTINUATION, true, half);

        assertEquals(new Ending(1009, "message too big"), oneFrame.awaitEnding(TIMEOUT));
        assertEquals(new Ending(1009, "message too big"), fragments.awaitEnding(TIMEOUT));
        await("counted").atMost(TIMEOUT)
                .until(() -> refused(text, "MESSAGE_TOO_BIG") + refused(frame, "MESSAGE_TOO_BIG") == before + 2);
    }

    @Test
    @Order(7)
    void invalidUtf8InATextFrameClosesWith1007() {
        RawWebSocket client = keep(RawWebSocket.connect(frame.webSocketUri()));

        client.sendMayFail(RawWebSocket.TEXT, true, new byte[] { '{', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });

        assertEquals(new Ending(1007, "invalid utf-8"), client.awaitEnding(TIMEOUT));
        await("counted").atMost(TIMEOUT).until(() -> refused(frame, "INVALID_UTF8") == 1);
    }

    @Test
    @Order(8)
    void aFloodPastTheConnectionLimitIsRefusedAndTheGatewayServesOnAfterIt() {
        // The two well-behaved clients on this gateway; the silent ones of earlier tests are gone.
        await("only the well-behaved clients left").atMost(TIMEOUT).until(() -> connections(text) == 2);
        double before = refused(text, "CONNECTION_LIMIT");
        int flood = MAX_CONNECTIONS + 8;

        List<RawTcp> sockets = IntStream.range(0, flood).mapToObj(i -> tcp(text)).toList();
        await("the gateway full").atMost(TIMEOUT).until(() -> connections(text) == MAX_CONNECTIONS);
        // At once, while the admitted sockets are held (silent, the heartbeat closes them after 2 s).
        RawWebSocket pastLimit = keep(RawWebSocket.connect(text.webSocketUri()));
        int welcomed = 0;
        int refusedAtOnce = 0;
        for (RawTcp socket : sockets) {
            if (socket.readLineOrEnd() != null) {
                welcomed++;
            } else {
                refusedAtOnce++;
            }
        }

        assertEquals(MAX_CONNECTIONS - 2, welcomed, "admitted up to the limit");
        assertEquals(flood - (MAX_CONNECTIONS - 2), refusedAtOnce, "the rest closed without a welcome");
        assertTrue(pastLimit.status().startsWith("HTTP/1.1 101"), pastLimit.status());
        assertEquals(new Ending(1013, "connection limit reached"), pastLimit.awaitEnding(TIMEOUT));
        double expected = before + refusedAtOnce + 1;
        await("counted").atMost(TIMEOUT).until(() -> refused(text, "CONNECTION_LIMIT") == expected);

        sockets.forEach(RawTcp::close);
        await("the flood gone").atMost(TIMEOUT).until(() -> connections(text) == 2);
        RawTcp after = tcp(text);
        assertTrue(after.readLine().contains("welcome"), "a new client is admitted again");
        System.out.printf("flood of %d TCP connections on a limit of %d: %d admitted, %d refused, WebSocket 1013%n",
                flood, MAX_CONNECTIONS, welcomed, refusedAtOnce);
    }

    @Test
    @Order(9)
    void internalCallsWithAWrongSecretAreRefusedCountedAndChangeNothing() {
        double registerBefore = cluster.register().metric("gw_register_auth_failures_total");
        double gatewayBefore = text.process().metric("gw_gateway_auth_failures_total");
        ManagedChannel register = channel(cluster.registerAddress(), "not-the-secret");
        ManagedChannel gateway = channel(text.grpcAddress(), "not-the-secret");
        ManagedChannel noSecret = channel(text.grpcAddress(), null);
        String intruder = "{\"type\":\"echo\",\"data\":-1}";
        try {
            StatusRuntimeException status = assertThrows(StatusRuntimeException.class,
                    () -> RegisterGrpc.newBlockingStub(register).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .status(StatusRequest.getDefaultInstance()));
            ExecuteRequest broadcast = ExecuteRequest.newBuilder().addCommands(Command.newBuilder().setSend(
                    Send.newBuilder().setTarget(Target.newBuilder().setAll(true))
                            .setPayload(Payload.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8(
                                    intruder))))).build();
            StatusRuntimeException execute = assertThrows(StatusRuntimeException.class,
                    () -> GatewayLinkGrpc.newBlockingStub(gateway).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .execute(broadcast));
            StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                    () -> GatewayLinkGrpc.newBlockingStub(noSecret).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .execute(broadcast));

            assertEquals(Status.Code.UNAUTHENTICATED, status.getStatus().getCode());
            assertEquals(Status.Code.UNAUTHENTICATED, execute.getStatus().getCode());
            assertEquals(Status.Code.UNAUTHENTICATED, missing.getStatus().getCode());
        } finally {
            register.shutdownNow();
            gateway.shutdownNow();
            noSecret.shutdownNow();
        }
        assertEquals(registerBefore + 1, cluster.register().metric("gw_register_auth_failures_total"));
        assertEquals(gatewayBefore + 2, text.process().metric("gw_gateway_auth_failures_total"));
        // The refused broadcast reached nobody: the well-behaved clients' next echoes come without it.
        for (NumberedSender sender : wellBehaved) {
            int next = sender.sent() + 5;
            sender.client().await("echo " + next, echoOf(next));
            assertFalse(sender.client().inbox().all().stream().anyMatch(echoOf(-1)), sender + " got the intruder's send");
        }
    }

    @Test
    @Order(10)
    void everyProcessSurvivedAndTheWellBehavedClientsLostNothing() {
        for (NumberedSender sender : wellBehaved) {
            assertFalse(sender.client().inbox().isClosed(), sender + " stayed connected");
        }
        List<Integer> sent = wellBehaved.stream().map(NumberedSender::stop).toList();
        for (int i = 0; i < wellBehaved.size(); i++) {
            ChatClient client = wellBehaved.get(i).client();
            client.await("the last echo, " + sent.get(i), echoOf(sent.get(i)));
            assertEquals(IntStream.rangeClosed(1, sent.get(i)).boxed().toList(), echoedNumbers(client.inbox().all()),
                    client.label() + ": every echo once, in order");
        }
        List<ServiceProcess> processes = new ArrayList<>();
        processes.add(cluster.register());
        cluster.gateways().forEach(gateway -> processes.add(gateway.process()));
        cluster.workers().stream().map(WorkerNode::process).forEach(processes::add);
        for (ServiceProcess process : processes) {
            assertTrue(process.isAlive(), process + " alive");
            assertTrue(process.isReady(), process + " ready");
        }
        System.out.printf("bad input: %d well-behaved clients, %s echoes each, all once and in order; %d JVMs alive"
                + " and ready; %d ms since the cluster started%n", sent.size(), sent, processes.size(),
                millisSince(started));
    }

    // ------------------------------------------------------------------ helpers

    private static double refused(GatewayNode gateway, String reason) {
        return gateway.process().getText("/q/metrics").lines()
                .filter(line -> line.startsWith("gw_gateway_connections_refused_total{")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static int connections(GatewayNode gateway) {
        return gateway.status().path("connections").path("total").asInt(-1);
    }

    private static ManagedChannel channel(String address, String secret) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address).usePlaintext();
        if (secret != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER), secret);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static RawTcp tcp(GatewayNode gateway) {
        return keep(new RawTcp(gateway.tcpAddress()));
    }

    private static <T extends AutoCloseable> T keep(T client) {
        synchronized (opened) {
            opened.add(client);
        }
        return client;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception | AssertionError ignored) {
            // the test's outcome is decided
        }
    }

    /** A TCP client writing bytes as they are and reading what the gateway sends, line or frame. */
    private static final class RawTcp implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawTcp(InetSocketAddress address) {
            try {
                socket = new Socket(address.getAddress(), address.getPort());
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes, ignoring a failure: the gateway may close while the bytes are still going out. */
        void writeMayFail(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closedMeanwhile) {
                // awaitEnd tells what happened
            }
        }

        String readLine() {
            String line = readLineOrEnd();
            if (line == null) {
                throw new AssertionError("the connection ended before a line");
            }
            return line;
        }

        /** The next text line, or null when the connection ends first. */
        String readLineOrEnd() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    if (b < 0) {
                        return null;
                    }
                    line.write(b);
                }
                return line.toString(StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("neither a line nor the end within " + TIMEOUT);
            } catch (IOException reset) {
                return null;
            }
        }

        /** The next frame of the frame codec: 4-byte length (itself included), then the payload. */
        String readFrame() {
            try {
                DataInputStream data = new DataInputStream(in);
                int length = data.readInt();
                byte[] payload = new byte[length - 4];
                data.readFully(payload);
                return new String(payload, StandardCharsets.UTF_8);
            } catch (EOFException e) {
                throw new AssertionError("the connection ended before a frame");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the gateway ended the connection within {@code timeout}, dropping whatever it sent before. */
        boolean awaitEnd(Duration timeout) {
            try {
                socket.setSoTimeout((int) timeout.toMillis());
                byte[] sink = new byte[8192];
                while (in.read(sink) >= 0) {
                    // drain
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // a test socket
            }
        }
    }
}
