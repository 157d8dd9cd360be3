package io.github.lookernats.bridge.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webhook token and the action hub secret are files in the secrets directory (a mounted Kubernetes Secret).
 * Replaced while the bridge runs, the new value works at the next refresh, and the old one still works for the
 * grace period (2 s here), then no longer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camel.main.routes-include-pattern=classpath:routes/none.camel.yaml",
                "bridge.secrets.refresh-interval=100ms", "bridge.secrets.grace-period=2s"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PushSecretRotationTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final Path SECRETS = secretsDirectory();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("bridge.secrets.directory", SECRETS::toString);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void cleanUp() throws Exception {
        try (JetStreamProbe probe = new JetStreamProbe(NATS.url())) {
            probe.assertEveryEventMatchesItsSchema("LOOKER_EVENTS");
        } finally {
            LOOKER.close();
            NATS.close();
            TempFiles.deleteRecursively(SECRETS);
        }
    }

    @Test
    void aRotatedWebhookTokenIsTakenAndTheOldOneWorksOnlyForTheGracePeriod(CapturedOutput output) throws Exception {
        assertThat(webhook("webhook-token-1").statusCode()).as("the file wins over the configured value").isEqualTo(200);
        assertThat(webhook(BridgeWiring.PUSH_SECRET).statusCode()).isEqualTo(401);
        assertThat(webhook("webhook-token-2").statusCode()).isEqualTo(401);

        replace("LOOKER_WEBHOOK_TOKEN", "webhook-token-2\n");

        Awaitility.await("the new token is taken").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> webhook("webhook-token-2").statusCode() == 200);
        assertThat(webhook("webhook-token-1").statusCode()).as("the old token within the grace period").isEqualTo(200);
        Awaitility.await("the old token is refused after the grace period").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> webhook("webhook-token-1").statusCode() == 401);
        assertThat(webhook("webhook-token-2").statusCode()).isEqualTo(200);
        assertThat(output.getAll()).contains("bridge.push.webhook.token changed (file " + SECRETS.resolve("LOOKER_WEBHOOK_TOKEN"))
                .doesNotContain("webhook-token-1").doesNotContain("webhook-token-2");
    }

    @Test
    void aRotatedActionHubSecretIsTakenAndTheOldOneWorksOnlyForTheGracePeriod(CapturedOutput output) throws Exception {
        assertThat(hubList("hub-secret-1").statusCode()).isEqualTo(200);
        assertThat(hubList("hub-secret-2").statusCode()).isEqualTo(403);

        replace("ACTION_HUB_SECRET", "hub-secret-2");

        Awaitility.await("the new secret is taken").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> hubList("hub-secret-2").statusCode() == 200);
        assertThat(hubList("hub-secret-1").statusCode()).as("the old secret within the grace period").isEqualTo(200);
        Awaitility.await("the old secret is refused after the grace period").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> hubList("hub-secret-1").statusCode() == 403);
        assertThat(output.getAll()).contains("bridge.push.action-hub.secret changed")
                .doesNotContain("hub-secret-1").doesNotContain("hub-secret-2");
    }

    private HttpResponse<String> webhook(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(example("webhook_look_csv_partial.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> hubList(String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/action-hub"))
                .header("Authorization", "Token token=\"" + secret + "\"")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Replaces a secret file in one step, as Kubernetes swaps a mounted Secret. */
    private static void replace(String key, String content) throws IOException {
        Path next = Files.createTempFile(SECRETS, ".next-", "");
        Files.writeString(next, content);
        Files.move(next, SECRETS.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path secretsDirectory() {
        try {
            Path directory = Files.createTempDirectory("bridge-secrets-");
            Files.writeString(directory.resolve("LOOKER_WEBHOOK_TOKEN"), "webhook-token-1\n");
            Files.writeString(directory.resolve("ACTION_HUB_SECRET"), "hub-secret-1");
            return directory;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String example(String name) throws IOException {
        try (InputStream in = PushSecretRotationTest.class.getResourceAsStream("/looker-examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
