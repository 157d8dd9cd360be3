package io.github.lookernats.bridge.push;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A delivery that arrives while NATS is down is answered with an error (never 2xx), and succeeds once it is back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camel.main.routes-include-pattern=classpath:routes/none.camel.yaml",
                "bridge.nats.publish-timeout=500ms", "bridge.dead-letter.retries=1", "bridge.dead-letter.retry-delay=100ms"})
@DirtiesContext
class PushWhileNatsIsDownTest {

    static NatsTestServer nats = NatsTestServer.start();
    static final int NATS_PORT = nats.port();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final String DELIVERY = """
            {"type": "query",
             "scheduled_plan": {"scheduled_plan_id": 9, "title": "Outage", "type": "Look",
                                "query": {"model": "thelook", "view": "outage"}},
             "attachment": {"mimetype": "text/csv", "extension": "csv", "data": "a,b\\n1,2\\n3,4\\n"},
             "data": null, "form_params": {}}
            """;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, nats, LOOKER);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() {
        LOOKER.close();
        nats.close();
    }

    @Test
    void deliveryDuringAnOutageGetsAnErrorAndARetryAfterwardsSucceeds() throws Exception {
        nats.close();

        HttpResponse<String> during = send();

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(new ObjectMapper().readTree(during.body()).path("success").asBoolean()).isFalse();
        assertThat(during.body()).contains("not stored, please retry");

        nats = NatsTestServer.start(NATS_PORT);
        // within seconds as a rule; up to the connection checks' horizon when the first reconnect caught the server
        // still starting and got no JetStream answers (the bridge then replaces the connection)
        Awaitility.await("delivery accepted again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> send().statusCode() == 200);
        try (JetStreamProbe probe = new JetStreamProbe(nats.url())) {
            probe.awaitCount("LOOKER_EVENTS", "looker.thelook.outage.row", 2, Duration.ofSeconds(10));
            probe.awaitCount("LOOKER_EVENTS", "looker.thelook.outage.summary", 1, Duration.ofSeconds(10));
        }
    }

    private HttpResponse<String> send() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json")
                .header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(DELIVERY)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
