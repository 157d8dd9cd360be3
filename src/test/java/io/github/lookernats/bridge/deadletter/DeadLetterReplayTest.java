package io.github.lookernats.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.events.ResultRun;
import io.github.lookernats.bridge.poll.LookerPollRoutes;
import io.github.lookernats.bridge.poll.PollSpec;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Dead letters listed and re-driven through the admin endpoint, on a real nats-server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/replay.camel.yaml",
        "bridge.dead-letter.admin-token=admin-secret"})
@DirtiesContext
class DeadLetterReplayTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
    }

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate camel;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.close();
        LOOKER.close();
        NATS.close();
    }

    @Test
    void aFailedPollIsReplayedOnceAndAReplayTwiceStoresNothingTwice() throws Exception {
        for (int i = 0; i < 3; i++) {
            LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 503));
        }
        runPollOnce();
        PROBE.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.replay-look", 1, WAIT);

        JsonNode listed = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.replay-look").body());
        assertThat(listed).hasSize(1);
        assertThat(JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.replay-look&since=2000-01-01T00:00:00Z"
                + "&until=" + java.time.Instant.now().plusSeconds(60)).body())).hasSize(1);
        assertThat(JSON.readTree(get("/admin/dead-letters?since=" + java.time.Instant.now().plusSeconds(60)).body())).isEmpty();
        String id = listed.get(0).path("id").asText();
        assertThat(listed.get(0).path("letter").path("attempts").asInt()).isEqualTo(3);

        JsonNode first = JSON.readTree(post("/admin/dead-letters/replay?id=" + id).body());
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("outcome").asText()).isEqualTo("replayed");
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.row")).isEqualTo(5);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.summary")).isEqualTo(1);
        assertThat(PROBE.count("LOOKER_DEAD_LETTERS", "looker-dlq.replay-look")).as("removed once replayed").isZero();

        JsonNode second = JSON.readTree(post("/admin/dead-letters/replay?id=" + id).body());
        assertThat(second).isEmpty();
        runPollOnce(); // the same result published again: de-duplicated
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.row")).isEqualTo(5);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.summary")).isEqualTo(1);
    }

    @Test
    void aDeliveryThatFailsAgainIsKeptWithTheNewErrorAndOneMoreAttempt() throws Exception {
        PROBE.purge("LOOKER_DEAD_LETTERS");
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 77, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "replayed_delivery"}},
                 "attachment": {"mimetype": "application/pdf", "extension": "pdf", "data": "JVBERi0="}}
                """;
        assertThat(webhook(delivery, "wh-77").statusCode()).isEqualTo(422);
        PROBE.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.looker-webhook", 1, WAIT);

        JsonNode outcome = JSON.readTree(post("/admin/dead-letters/replay?subject=looker-dlq.looker-webhook").body());

        assertThat(outcome.get(0).path("outcome").asString()).isEqualTo("failed-again");
        JsonNode letters = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.looker-webhook").body());
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0).path("letter");
        assertThat(letter.path("attempts").asInt()).isEqualTo(2);
        assertThat(letter.path("exception").path("message").asString()).contains("application/pdf");
        assertThat(letter.path("input").path("webhookId").asString()).isEqualTo("wh-77");
    }

    @Test
    void aDeliveryStoredWithoutItsSecretsIsNotReplayedAndIsKept() throws Exception {
        PROBE.purge("LOOKER_DEAD_LETTERS");
        String url = LOOKER.registerDownload("1", "json", 5);
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()); // used up
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 78, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "redacted_delivery"}, "download_url": "%s"}}
                """.formatted(url);
        assertThat(webhook(delivery, "wh-78").statusCode()).isEqualTo(202);
        PROBE.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.looker-webhook", 1, WAIT);

        JsonNode outcome = JSON.readTree(post("/admin/dead-letters/replay?subject=looker-dlq.looker-webhook").body());

        // replaying would fetch "[redacted]" instead of Looker's URL: refused, and the letter stays
        assertThat(outcome.get(0).path("outcome").asString()).isEqualTo("error");
        assertThat(outcome.get(0).toString()).contains("scheduled_plan.download_url");
        JsonNode letters = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.looker-webhook").body());
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("letter").path("attempts").asInt()).isEqualTo(1);
    }

    private HttpResponse<String> webhook(String delivery, String webhookId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .header("X-Looker-Webhook-Id", webhookId).POST(HttpRequest.BodyPublishers.ofString(delivery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAdminEndpointNeedsTheToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/dead-letters"))
                .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private void runPollOnce() {
        PollSpec spec = PollSpec.fromReference(JSON.valueToTree(Map.of("lookId", "1", "explore", "replay", "format", "json", "limit", 5000)));
        camel.send(LookerPollRoutes.RUN, exchange -> {
            exchange.setProperty(PollSpec.PROPERTY, spec);
            exchange.setProperty(ResultRun.PROPERTY, new ResultRun("replay-look", spec.reference()));
        });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer admin-secret").build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer admin-secret").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
