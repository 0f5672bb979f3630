package io.gatewayworker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewayworker.cluster.browser.SystemChromium;
import io.gatewayworker.cluster.client.ChatClient;
import io.gatewayworker.cluster.harness.GatewayNode;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.cluster.harness.SharedCluster;
import io.gatewayworker.cluster.harness.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.gatewayworker.cluster.client.ChatProtocol.login;
import static io.gatewayworker.cluster.client.ChatProtocol.loginOf;
import static io.gatewayworker.cluster.client.ChatProtocol.membersOf;
import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat page served by gateway 1, in headless Chromium, chatting with clients on gateway 2 of the
 * {@link SharedCluster}. Runs before {@link ChatClusterIT}, whose last tests change the topology.
 */
@ExtendWith(SharedCluster.class)
@Order(2)
class ChatPageBrowserIT {

    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);

    private static LocalCluster cluster;
    private static Path profile;
    private static WebDriver browser;

    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeAll
    static void start(LocalCluster shared) throws IOException {
        SystemChromium.assumeInstalled();
        cluster = shared;
        profile = Files.createTempDirectory("chromium-profile");
        browser = SystemChromium.start(profile);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
    }

    @Test
    void thePageOnGateway1ChatsWithATcpClientOnGateway2() {
        String room = "browser-room-tcp";
        String pageId = openPage(cluster.gateway(1));
        ChatClient bob = joinedClient(cluster.gateway(2), TCP, "bob", room);

        logInOnPage("carol", room);
        JsonNode carolsLogin = bob.await("the page's login", loginOf(pageId));
        assertEquals("carol", carolsLogin.path("name").asText(), carolsLogin::toString);
        awaitPage("bob in the member list", page -> text("members").contains("bob"));

        bob.send(say("hello, browser"));
        awaitPage("bob's message in the log", page -> logHas("say", "hello, browser"));

        sendFromPage("hello, bob");
        JsonNode reply = bob.await("the page's message", said("hello, bob"));
        assertEquals(pageId, reply.path("from_client_id").asText(), reply::toString);
        assertEquals("carol", reply.path("from_name").asText(), reply::toString);
        assertEquals("room", reply.path("to").asText(), reply::toString);
    }

    @Test
    void thePageSendsAPrivateMessageToAWebSocketClientOnGateway2() {
        String room = "browser-room-ws";
        String pageId = openPage(cluster.gateway(1));
        ChatClient dave = joinedClient(cluster.gateway(2), WEBSOCKET, "dave", room);
        String daveId = dave.awaitType("welcome").path("client_id").asText();

        logInOnPage("erin", room);
        dave.await("the page's login", loginOf(pageId));
        dave.send(say("anyone here?"));
        awaitPage("dave's message in the log", page -> logHas("say", "anyone here?"));

        type("to-client", daveId);
        sendFromPage("only for dave");
        JsonNode reply = dave.await("the page's private message", said("only for dave"));
        assertEquals("client", reply.path("to").asText(), reply::toString);
        assertEquals("erin", reply.path("from_name").asText(), reply::toString);
    }

    /** Loads the page and waits for the welcome it shows; returns the page's client id. */
    private String openPage(GatewayNode gateway) {
        browser.get(gateway.pageUri().toString());
        String id = new WebDriverWait(browser, PAGE_TIMEOUT)
                .withMessage(() -> "the page shows no client id; " + pageState())
                .until(page -> {
                    String shown = text("client-id");
                    return shown.matches("[0-9a-f]{13,28}") ? shown : null;
                });
        assertTrue(id.startsWith(gateway.id()), id + " is a client of " + gateway.name());
        return id;
    }

    private ChatClient joinedClient(GatewayNode gateway, Transport transport,
                                    String name, String room) {
        ChatClient client = gateway.connect(transport, name);
        clients.add(client);
        client.awaitType("welcome");
        client.send(login(name, room));
        client.await("the members of " + room, membersOf(room));
        return client;
    }

    private void logInOnPage(String name, String room) {
        type("name", name);
        type("room", room);
        browser.findElement(By.id("login")).click();
        awaitPage("the page's own login in the log", page -> logHas("login", name));
    }

    private void sendFromPage(String content) {
        type("content", content);
        browser.findElement(By.id("send")).click();
    }

    private void type(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private void awaitPage(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PAGE_TIMEOUT)
                .withMessage(() -> what + "; " + pageState())
                .until(condition);
    }

    private boolean logHas(String type, String text) {
        return browser.findElements(By.cssSelector("#log .msg[data-type='" + type + "']")).stream()
                .anyMatch(message -> message.getText().contains(text));
    }

    /** Visible text of an element, or its value for inputs. */
    private String text(String id) {
        WebElement element = browser.findElement(By.id(id));
        String text = element.getText();
        if (text != null && !text.isBlank()) {
            return text.trim();
        }
        String value = element.getDomProperty("value");
        return value == null ? "" : value.trim();
    }

    private String pageState() {
        try {
            return "#status=" + text("status") + " #client-id=" + text("client-id")
                    + " #members=" + text("members") + " #log=" + text("log").replace('\n', '|');
        } catch (RuntimeException e) {
            return "page state unavailable: " + e;
        }
    }
}
