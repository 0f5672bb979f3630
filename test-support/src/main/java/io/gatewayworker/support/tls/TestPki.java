package io.gatewayworker.support.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away certificate authority for TLS tests, made with the {@code openssl} command in a temporary
 * directory (no private key is checked in): {@link #issue} signs certificates the way the README asks
 * for internal ones (a DNS name, usable as server and client certificate). EC P-256, valid one day.
 */
public final class TestPki {

    /** How long {@link #in} reuses a CA: well inside the one day its certificates are valid. */
    public static final Duration REUSABLE = Duration.ofHours(12);

    private final Path dir;
    private final Path ca;
    private final Path caKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
        if (Files.exists(ca)) {
            return;
        }
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "1", "-subj", "/CN=test-ca");
    }

    /** A new CA in a new temporary directory. */
    public static TestPki create() {
        try {
            return new TestPki(Files.createTempDirectory("gw-test-pki"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The CA kept in {@code dir}, made there the first time: a Quarkus test profile and its test, which may
     * load this class in different class loaders, share it by naming the same directory. A CA made there
     * more than {@link #REUSABLE} ago is made anew, with its certificates, so a build directory left from
     * a previous day never holds expired ones.
     */
    public static synchronized TestPki in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.pem");
            if (Files.exists(ca) && Files.getLastModifiedTime(ca).toInstant().isBefore(Instant.now().minus(REUSABLE))) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.delete(file);
                    }
                }
            }
            return new TestPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate, PEM. */
    public Path ca() {
        return ca;
    }

    /** A certificate signed by this CA for DNS name {@code dnsName}, with its PKCS#8 key. */
    public Issued issue(String dnsName) {
        Path key = dir.resolve(dnsName + ".key");
        Path csr = dir.resolve(dnsName + ".csr");
        Path cert = dir.resolve(dnsName + ".pem");
        Path extensions = dir.resolve(dnsName + ".ext");
        if (Files.exists(cert)) {
            return new Issued(cert, key);
        }
        try {
            Files.writeString(extensions, "subjectAltName=DNS:" + dnsName + "\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                key.toString(), "-out", csr.toString(), "-subj", "/CN=" + dnsName);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "1", "-extfile", extensions.toString());
        return new Issued(cert, key);
    }

    /** TLS settings trusting this CA and presenting {@code issued}. */
    public TlsSettings settings(Issued issued) {
        return TlsSettings.trusting(ca).withCertificate(issued.certificate(), issued.key());
    }

    /** A certificate and its key, PEM files. */
    public record Issued(Path certificate, Path key) {
    }

    private static void openssl(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the TLS tests need the openssl command", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
