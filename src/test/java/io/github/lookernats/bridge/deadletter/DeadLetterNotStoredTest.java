package io.github.lookernats.bridge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dead-letter publish itself fails (the stream stops taking the subject), on the poll path and the push path:
 * nothing is swallowed. A poll logs at ERROR, counts it, reports the dead-letter health DOWN, and the next run
 * tries again and stores its letter once the stream takes it; a push is answered 503, so Looker sends it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camel.main.routes-include-pattern=classpath:routes/unstored.camel.yaml")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterNotStoredTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String DEAD_LETTERS = "LOOKER_DEAD_LETTERS";
    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
    }

    @Autowired
    CamelContext camel;

    @Autowired
    DeadLetterHealth health;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.close();
        LOOKER.close();
        NATS.close();
    }

    @Test
    void aPollWhoseDeadLetterCannotBeStoredIsLoggedCountedReportedAndTriedAgain(CapturedOutput log) throws Exception {
        try (Connection admin = Nats.connect(NATS.url())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            StreamConfiguration original = jsm.getStreamInfo(DEAD_LETTERS).getConfiguration();
            jsm.updateStream(StreamConfiguration.builder(original).subjects("looker-dlq.elsewhere").build());
            try {
                camel.getRouteController().startRoute("missing-look");
                Awaitility.await("the failed store shows").atMost(WAIT)
                        .until(() -> health.health(true).getStatus().equals(Status.DOWN));
                assertThat(health.health(true).getDetails()).containsEntry("route", "missing-look");
                assertThat(meters.counter("bridge.dead.letters.unstored").count()).isPositive();
                assertThat(log.getAll()).contains("ERROR").contains("The dead letter of missing-look could not be stored");
            } finally {
                jsm.updateStream(original);
            }
            // the next runs try again, and their letters are stored
            // (each second's run fails anew: one letter or more, by the time this looks)
            Awaitility.await("a letter stored").atMost(WAIT).until(() -> PROBE.count(DEAD_LETTERS, "looker-dlq.missing-look") >= 1);
            Awaitility.await("stored again").atMost(WAIT).until(() -> health.health(true).getStatus().equals(Status.UP));
        } finally {
            camel.getRouteController().stopRoute("missing-look");
        }
    }

    @Test
    void aPushWhoseDeadLetterCannotBeStoredIsAnsweredRetryable() throws Exception {
        try (Connection admin = Nats.connect(NATS.url())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            StreamConfiguration original = jsm.getStreamInfo(DEAD_LETTERS).getConfiguration();
            jsm.updateStream(StreamConfiguration.builder(original).subjects("looker-dlq.elsewhere").build());
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                                .header("Content-Type", "application/json")
                                .header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"query\", \"attachment\": "))
                                .build(), HttpResponse.BodyHandlers.ofString());

                // malformed, but its dead letter could not be stored: not a 400 that would let Looker drop it
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.body()).contains("not stored, please retry");
            } finally {
                jsm.updateStream(original);
            }
        }
    }
}
