package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.support.RouteRuns;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dead letters listed and re-driven through the admin endpoints, on a real nats-server, over real HTTP: on the
 * management port only, with the token, a bounded page at a time, and never from someone else's object store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/replay.camel.yaml",
        "management.server.port=0",
        "bridge.dead-letter.admin-token=admin-secret"})
@DirtiesContext
class DeadLetterReplayTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String DEAD_LETTERS = "LOOKER_DEAD_LETTERS";
    static final String OWN_BUCKET = "LOOKER_DEAD_LETTER_PAYLOADS";
    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
    }

    /** The port that takes Looker's pushes. */
    @LocalServerPort
    int port;

    /** The management server's port: actuator and the admin endpoints. */
    @LocalManagementPort
    int managementPort;

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
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.replay-look", 1, WAIT);

        JsonNode listed = letters(get("/admin/dead-letters?subject=looker-dlq.replay-look"));
        assertThat(listed).hasSize(1);
        assertThat(letters(get("/admin/dead-letters?subject=looker-dlq.replay-look&since=2000-01-01T00:00:00Z"
                + "&until=" + Instant.now().plusSeconds(60)))).hasSize(1);
        assertThat(letters(get("/admin/dead-letters?since=" + Instant.now().plusSeconds(60)))).isEmpty();
        String id = listed.get(0).path("id").asString();
        assertThat(listed.get(0).path("letter").path("attempts").asInt()).isEqualTo(3);

        JsonNode first = outcomes(post("/admin/dead-letters/replay?id=" + id));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("outcome").asString()).isEqualTo("replayed");
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.row")).isEqualTo(5);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.summary")).isEqualTo(1);
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.replay-look")).as("removed once replayed").isZero();

        JsonNode second = outcomes(post("/admin/dead-letters/replay?id=" + id));
        assertThat(second).isEmpty();
        runPollOnce(); // the same result published again: de-duplicated
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.row")).isEqualTo(5);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.replay.summary")).isEqualTo(1);
    }

    @Test
    void aDeliveryThatFailsAgainIsKeptWithTheNewErrorAndOneMoreAttempt() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 77, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "replayed_delivery"}},
                 "attachment": {"mimetype": "application/pdf", "extension": "pdf", "data": "JVBERi0="}}
                """;
        assertThat(webhook(delivery, "wh-77").statusCode()).isEqualTo(422);
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", 1, WAIT);

        JsonNode outcome = outcomes(post("/admin/dead-letters/replay?subject=looker-dlq.looker-webhook"));

        assertThat(outcome.get(0).path("outcome").asString()).isEqualTo("failed-again");
        JsonNode letters = letters(get("/admin/dead-letters?subject=looker-dlq.looker-webhook"));
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0).path("letter");
        assertThat(letter.path("attempts").asInt()).isEqualTo(2);
        assertThat(letter.path("exception").path("message").asString()).contains("application/pdf");
        assertThat(letter.path("input").path("webhookId").asString()).isEqualTo("wh-77");
    }

    @Test
    void aReplayWhoseNewLetterCannotBeStoredKeepsTheOriginal() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        for (int i = 0; i < 3; i++) {
            LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 503));
        }
        runPollOnce();
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.replay-look", 1, WAIT);
        long sequence = letters(get("/admin/dead-letters?subject=looker-dlq.replay-look")).get(0).path("sequence").asLong();

        try (Connection admin = Nats.connect(NATS.url())) {
            // the run fails again, and its new letter finds no stream: the stream stops taking this route's subject
            io.nats.client.JetStreamManagement jsm = admin.jetStreamManagement();
            io.nats.client.api.StreamConfiguration original = jsm.getStreamInfo(DEAD_LETTERS).getConfiguration();
            jsm.updateStream(io.nats.client.api.StreamConfiguration.builder(original).subjects("looker-dlq.elsewhere").build());
            try {
                for (int i = 0; i < 3; i++) {
                    LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 503));
                }
                JsonNode outcome = outcomes(post("/admin/dead-letters/replay?id=" + sequence));

                assertThat(outcome.get(0).path("outcome").asString()).isEqualTo("error");
                assertThat(outcome.get(0).path("error").asString()).contains("new dead letter was not stored");
            } finally {
                jsm.updateStream(original);
            }
        }
        // the original letter is still there, untouched
        JsonNode kept = letters(get("/admin/dead-letters?subject=looker-dlq.replay-look"));
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).path("sequence").asLong()).isEqualTo(sequence);
    }

    @Test
    void aDeliveryStoredWithoutItsSecretsIsNotReplayedAndIsKept() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        String url = LOOKER.registerDownload("1", "json", 5);
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()); // used up
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 78, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "redacted_delivery"}, "download_url": "%s"}}
                """.formatted(url);
        assertThat(webhook(delivery, "wh-78").statusCode()).isEqualTo(202);
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", 1, WAIT);

        JsonNode outcome = outcomes(post("/admin/dead-letters/replay?subject=looker-dlq.looker-webhook"));

        // replaying would fetch "[redacted]" instead of Looker's URL: refused, and the letter stays
        assertThat(outcome.get(0).path("outcome").asString()).isEqualTo("error");
        assertThat(outcome.get(0).toString()).contains("scheduled_plan.download_url");
        JsonNode letters = letters(get("/admin/dead-letters?subject=looker-dlq.looker-webhook"));
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("letter").path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void theAdminEndpointsAnswerOnTheManagementPortAndNotOnThePushPort() throws Exception {
        HttpResponse<String> listed = get("/admin/dead-letters");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).has("letters")).isTrue();
        assertThat(send(managementPort, "/actuator/health", "GET", null).statusCode()).as("actuator alongside").isEqualTo(200);

        for (String method : List.of("GET", "POST")) {
            for (String path : List.of("/admin/dead-letters", "/admin/dead-letters/replay", "/actuator/admin/dead-letters")) {
                HttpResponse<String> onPushPort = send(port, path, method, "Bearer admin-secret");
                assertThat(onPushPort.statusCode()).as("%s %s on the push port", method, path).isEqualTo(404);
                assertThat(onPushPort.body()).doesNotContain("\"letters\"", "\"outcomes\"", "bearer token", "endpoints are off");
            }
        }
    }

    @Test
    void theAdminEndpointsNeedTheToken() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        long sequence = publishLetter("looker-dlq.token", "dlq-token-1", pollLetter("token")).getSeqno();

        for (String authorization : new String[] {null, "Bearer wrong", "admin-secret", "Basic YWRtaW4tc2VjcmV0", "Bearer "}) {
            assertThat(send(managementPort, "/admin/dead-letters", "GET", authorization).statusCode()).as(authorization).isEqualTo(401);
            HttpResponse<String> replay = send(managementPort, "/admin/dead-letters/replay?id=" + sequence, "POST", authorization);
            assertThat(replay.statusCode()).as(authorization).isEqualTo(401);
            assertThat(JSON.readTree(replay.body()).path("error").asString()).isEqualTo("missing or wrong bearer token");
            // the token is checked before any parameter, so a bad parameter tells a caller without it nothing
            assertThat(send(managementPort, "/admin/dead-letters?max=0&since=yesterday", "GET", authorization).statusCode())
                    .isEqualTo(401);
        }
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.token")).as("nothing replayed").isEqualTo(1);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.token.summary")).isZero();
    }

    @Test
    void maxIsBoundedAndBadParametersGet400() throws Exception {
        for (String max : List.of("0", "-1", "1001", "100000")) {
            for (String method : List.of("GET", "POST")) {
                String path = method.equals("GET") ? "/admin/dead-letters?max=" + max : "/admin/dead-letters/replay?max=" + max;
                HttpResponse<String> response = send(managementPort, path, method, "Bearer admin-secret");
                assertThat(response.statusCode()).as("%s max=%s", method, max).isEqualTo(400);
                assertThat(JSON.readTree(response.body()).path("error").asString()).isEqualTo(
                        "max must be between 1 and 1000 (default 100); page on with 'from'");
            }
        }
        assertThat(get("/admin/dead-letters?max=1").statusCode()).isEqualTo(200);
        assertThat(get("/admin/dead-letters?max=1000").statusCode()).isEqualTo(200);

        HttpResponse<String> notANumber = get("/admin/dead-letters?max=lots");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notANumber.body()).path("error").asString()).startsWith("'max' could not be read");
        HttpResponse<String> notATime = get("/admin/dead-letters?since=yesterday");
        assertThat(notATime.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notATime.body()).path("error").asString()).startsWith("'since' could not be read")
                .contains("ISO instants");
        HttpResponse<String> zero = get("/admin/dead-letters?from=0");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(zero.body()).path("error").asString()).contains("from must be a stream sequence");
    }

    @Test
    void pagesStartAtFromAndSayWhereTheNextOneStarts() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        List<Long> paged = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            paged.add(publishLetter("looker-dlq.paging", "dlq-paging-" + i, pollLetter("paging")).getSeqno());
            publishLetter("looker-dlq.other", "dlq-other-" + i, pollLetter("other")); // in between, filtered out by the server
        }

        JsonNode first = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.paging&max=2").body());
        assertThat(sequences(first.path("letters"))).containsExactly(paged.get(0), paged.get(1));
        assertThat(first.path("next").asLong()).isEqualTo(paged.get(1) + 1);

        JsonNode second = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.paging&max=2&from=" + first.path("next").asLong()).body());
        assertThat(sequences(second.path("letters"))).containsExactly(paged.get(2), paged.get(3));

        JsonNode last = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.paging&max=2&from=" + second.path("next").asLong()).body());
        assertThat(sequences(last.path("letters"))).containsExactly(paged.get(4));
        assertThat(last.path("next").isNull()).as("the end of the stream").isTrue();

        // a page may start anywhere, also between two letters, and the ids say which letter is which
        JsonNode fromThird = JSON.readTree(get("/admin/dead-letters?subject=looker-dlq.paging&from=" + (paged.get(2) - 1)).body());
        assertThat(sequences(fromThird.path("letters"))).containsExactly(paged.get(2), paged.get(3), paged.get(4));
        assertThat(fromThird.path("letters").get(0).path("id").asString()).isEqualTo("dlq-paging-3");
        assertThat(fromThird.path("next").isNull()).isTrue();
        // without a subject, every dead letter, in stream order
        JsonNode all = JSON.readTree(get("/admin/dead-letters?max=3&from=" + paged.get(1)).body());
        assertThat(sequences(all.path("letters"))).containsExactly(paged.get(1), paged.get(1) + 1, paged.get(2));
        assertThat(letters(get("/admin/dead-letters?from=" + (paged.get(4) + 100)))).isEmpty();

        // an id that is a sequence is one read; before from, it is not on the page
        assertThat(sequences(letters(get("/admin/dead-letters?id=" + paged.get(3))))).containsExactly(paged.get(3));
        assertThat(letters(get("/admin/dead-letters?id=" + paged.get(1) + "&from=" + paged.get(2)))).isEmpty();
        assertThat(sequences(letters(get("/admin/dead-letters?id=dlq-paging-4")))).containsExactly(paged.get(3));

        // replaying pages the same way: only the letters of that page are run again
        JsonNode replayed = JSON.readTree(post("/admin/dead-letters/replay?subject=looker-dlq.paging&max=1&from=" + paged.get(4)).body());
        assertThat(replayed.path("outcomes")).hasSize(1);
        assertThat(replayed.path("outcomes").get(0).path("sequence").asLong()).isEqualTo(paged.get(4));
        assertThat(replayed.path("outcomes").get(0).path("outcome").asString()).isEqualTo("replayed");
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.paging")).isEqualTo(4);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.paging.summary")).isEqualTo(1);
    }

    @Test
    void aLetterReferringToAnotherBucketOrObjectIsNotReplayedAndIsKept() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        try (Connection nats = Nats.connect(NATS.url())) {
            // someone who may publish to looker-dlq.> forges letters whose large input is "in" their own bucket
            nats.objectStoreManagement().create(ObjectStoreConfiguration.builder("FOREIGN").build());
            byte[] whole = JSON.writeValueAsBytes(pollLetter("forged"));
            nats.objectStore("FOREIGN").put("dlq-forged", whole);
            nats.objectStore(OWN_BUCKET).put("dlq-someone-else", whole);
            publishLetter("looker-dlq.forged", "dlq-forged", claimChecked("FOREIGN", "dlq-forged"));
            publishLetter("looker-dlq.forged", "dlq-forged-2", claimChecked(OWN_BUCKET, "../FOREIGN/dlq-forged"));
            publishLetter("looker-dlq.forged", "dlq-forged-3", claimChecked(OWN_BUCKET, "dlq-someone-else"));

            JsonNode outcomes = outcomes(post("/admin/dead-letters/replay?subject=looker-dlq.forged"));

            assertThat(outcomes).hasSize(3);
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.path("outcome").asString()).isEqualTo("error"));
            assertThat(outcomes.get(0).path("error").asString())
                    .contains("refers to object store bucket 'FOREIGN', not the bridge's own 'LOOKER_DEAD_LETTER_PAYLOADS'")
                    .endsWith("it is not replayed");
            assertThat(outcomes.get(1).path("error").asString()).contains("not a name the bridge gives (dlq-<id>)");
            assertThat(outcomes.get(2).path("error").asString()).contains("not the one stored with it ('dlq-forged-3')");
            assertThat(letters(get("/admin/dead-letters?subject=looker-dlq.forged"))).as("kept").hasSize(3);
            assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.forged.summary")).as("nothing run").isZero();
            assertThat(present(nats, "FOREIGN", "dlq-forged")).as("someone else's object untouched").isTrue();
            assertThat(present(nats, OWN_BUCKET, "dlq-someone-else")).isTrue();
        }
    }

    @Test
    void aLargeLetterIsReplayedFromTheBridgesOwnBucket() throws Exception {
        PROBE.purge(DEAD_LETTERS);
        String pdf = Base64.getEncoder().encodeToString(new byte[600 * 1024]); // past max-inline-size (512KB)
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 79, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "large_delivery"}},
                 "attachment": {"mimetype": "application/pdf", "extension": "pdf", "data": "%s"}}
                """.formatted(pdf);
        assertThat(webhook(delivery, "wh-79").statusCode()).isEqualTo(422);
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", 1, WAIT);
        JsonNode stored = letters(get("/admin/dead-letters?subject=looker-dlq.looker-webhook")).get(0);
        JsonNode ref = stored.path("letter").path("inputRef");
        assertThat(ref.path("bucket").asString()).isEqualTo(OWN_BUCKET);
        assertThat(ref.path("object").asString()).isEqualTo(stored.path("id").asString()).startsWith("dlq-");

        JsonNode outcome = outcomes(post("/admin/dead-letters/replay?subject=looker-dlq.looker-webhook"));

        // the input was read back from the object store and delivered again; refused again, it is stored anew
        assertThat(outcome.get(0).path("outcome").asString()).isEqualTo("failed-again");
        JsonNode again = letters(get("/admin/dead-letters?subject=looker-dlq.looker-webhook"));
        assertThat(again).hasSize(1);
        assertThat(again.get(0).path("letter").path("attempts").asInt()).isEqualTo(2);
        assertThat(again.get(0).path("letter").path("inputRef").path("bucket").asString()).isEqualTo(OWN_BUCKET);
        try (Connection nats = Nats.connect(NATS.url())) {
            assertThat(present(nats, OWN_BUCKET, ref.path("object").asString())).as("the old letter's payload removed").isFalse();
            assertThat(present(nats, OWN_BUCKET, again.get(0).path("id").asString())).isTrue();
        }
    }

    private void runPollOnce() {
        RouteRuns.runOnce(camel.getCamelContext(), "replay-look");
    }

    /** A dead letter of a poll of Look 1 (5 rows in the emulator), as the bridge would store it. */
    private static ObjectNode pollLetter(String explore) {
        ObjectNode letter = JSON.createObjectNode();
        letter.put("route", "replay-look").put("attempts", 1).put("kind", "poll");
        letter.set("input", JSON.valueToTree(Map.of("kind", "poll", "lookId", "1", "explore", explore, "format", "json", "limit", 5000)));
        return letter;
    }

    /** A letter whose input is said to be in an object store. */
    private static ObjectNode claimChecked(String bucket, String object) {
        ObjectNode letter = JSON.createObjectNode();
        letter.put("route", "replay-look").put("attempts", 1).put("kind", "poll");
        letter.putObject("inputRef").put("bucket", bucket).put("object", object);
        return letter;
    }

    private static PublishAck publishLetter(String subject, String msgId, ObjectNode letter) throws Exception {
        try (Connection nats = Nats.connect(NATS.url())) {
            return nats.jetStream().publish(NatsMessage.builder().subject(subject)
                    .headers(new Headers().put("Nats-Msg-Id", msgId)).data(JSON.writeValueAsBytes(letter)).build());
        }
    }

    private static boolean present(Connection nats, String bucket, String object) throws IOException {
        try {
            ObjectInfo info = nats.objectStore(bucket).getInfo(object);
            return info != null && !info.isDeleted();
        } catch (JetStreamApiException gone) {
            return false;
        }
    }

    private static List<Long> sequences(JsonNode letters) {
        List<Long> sequences = new ArrayList<>();
        letters.forEach(letter -> sequences.add(letter.path("sequence").asLong()));
        return sequences;
    }

    private HttpResponse<String> webhook(String delivery, String webhookId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .header("X-Looker-Webhook-Id", webhookId).POST(HttpRequest.BodyPublishers.ofString(delivery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The letters of a listing that must have succeeded. */
    private static JsonNode letters(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("letters");
    }

    /** The outcomes of a replay that must have succeeded. */
    private static JsonNode outcomes(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("outcomes");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(managementPort, path, "GET", "Bearer admin-secret");
    }

    private HttpResponse<String> post(String path) throws Exception {
        return send(managementPort, path, "POST", "Bearer admin-secret");
    }

    private static HttpResponse<String> send(int port, String path, String method, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
