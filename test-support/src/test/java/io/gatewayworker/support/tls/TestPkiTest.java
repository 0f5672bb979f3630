package io.gatewayworker.support.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TestPki#in}: a kept CA is shared while fresh and made anew before its certificates expire. */
class TestPkiTest {

    @TempDir
    Path dir;

    @Test
    void aFreshCaIsReusedWithItsCertificates() throws IOException {
        TestPki first = TestPki.in(dir);
        byte[] certificate = Files.readAllBytes(first.issue("gateway-1").certificate());

        TestPki again = TestPki.in(dir);

        assertArrayEquals(Files.readAllBytes(first.ca()), Files.readAllBytes(again.ca()));
        assertArrayEquals(certificate, Files.readAllBytes(again.issue("gateway-1").certificate()));
    }

    @Test
    void aCaLeftFromAnEarlierDayIsMadeAnewWithItsCertificates() throws IOException {
        TestPki old = TestPki.in(dir);
        byte[] oldCa = Files.readAllBytes(old.ca());
        byte[] oldCertificate = Files.readAllBytes(old.issue("gateway-1").certificate());
        Instant yesterday = Instant.now().minus(TestPki.REUSABLE.plus(Duration.ofHours(1)));
        Files.setLastModifiedTime(old.ca(), FileTime.from(yesterday));

        TestPki renewed = TestPki.in(dir);

        assertFalse(Arrays.equals(oldCa, Files.readAllBytes(renewed.ca())), "the CA was kept");
        assertFalse(Arrays.equals(oldCertificate, Files.readAllBytes(renewed.issue("gateway-1").certificate())),
                "a certificate of the old CA was kept");
    }
}
