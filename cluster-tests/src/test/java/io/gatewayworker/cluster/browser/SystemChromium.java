package io.gatewayworker.cluster.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Headless Chromium from the system packages (Debian: {@code chromium}, {@code chromium-driver}).
 * Both paths are given to Selenium, so Selenium Manager never tries to download a browser or a driver
 * (downloads do not work on the build machines). {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER_BINARY}
 * point elsewhere.
 */
public final class SystemChromium {

    private static final Path BROWSER = Path.of(env("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(env("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver"));

    private SystemChromium() {
    }

    /** Skips the calling test class when Chromium is missing; in CI ({@code CI=true}) fails instead. */
    public static void assumeInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String missing = "the browser test needs " + BROWSER + " and " + DRIVER
                + ": install Debian's chromium and chromium-driver packages"
                + " (sudo apt-get install chromium chromium-driver), or set CHROMIUM_BINARY and CHROMEDRIVER_BINARY";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(missing);
        }
        Assumptions.abort(missing);
    }

    /** A fresh headless browser with its own profile directory. */
    public static WebDriver start(Path profile) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // No sandbox (containers, root in CI); nothing that phones home (the build machines have no
        // internet but Maven Central, apt and npm); /tmp instead of a small /dev/shm in containers.
        options.addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
