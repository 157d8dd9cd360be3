package io.github.lookernats.bridge.audit;

import io.github.lookernats.bridge.support.RouteRuns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The audit trail on a real nats-server, with teams enforced: each run's delivery record names exactly the stream
 * sequences its events were stored at, dead letters and replays are recorded, admin calls are recorded without their
 * token, the trail can be queried by run, route, team, kind and time, and no secret reaches a log line or a record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/replay.camel.yaml",
        "management.server.port=0",
        "bridge.dead-letter.admin-token=" + AuditTrailTest.ADMIN_TOKEN,
        "bridge.identity.provider=static",
        "bridge.identity.static-file=src/test/resources/identity/dev-directory.yaml",
        "bridge.identity.team-in-subject=true",
        "bridge.identity.groups[0].group=analytics-emea",
        "bridge.identity.groups[0].team=analytics",
        "bridge.identity.groups[1].group=finance",
        "bridge.identity.groups[1].team=finance",
        "bridge.access.enabled=true"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTrailTest {

    static final String ADMIN_TOKEN = "admin-token-f3b1c9d27a6e";
    static final String NATS_TOKEN = "nats-token-8d2e7c41b0a9";
    static final String EVENTS = "LOOKER_EVENTS";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final NatsTestServer NATS = NatsTestServer.withConfig("authorization { token: \"" + NATS_TOKEN + "\" }");
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe("nats://" + NATS_TOKEN + "@127.0.0.1:" + NATS.port());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("bridge.nats.token", () -> NATS_TOKEN);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    io.github.lookernats.bridge.nats.StreamProvisioner provisioner;

    @Autowired
    io.nats.client.Connection natsConnection;

    @AfterAll
    static void shutDown() throws Exception {
        try {
            PROBE.assertEveryEventMatchesItsSchema("LOOKER_AUDIT");
        } finally {
            PROBE.assertEventsMatchSchemasThenClose(LOOKER, NATS);
        }
    }

    @Test
    @Order(1)
    void aRunsDeliveryRecordNamesExactlyTheSequencesItsEventsWereStoredAt() throws Exception {
        runPollOnce();

        JsonNode record = onlyDelivery("route=replay-look&kind=delivery");
        String runId = record.path("runId").asString();
        assertThat(record.path("outcome").asString()).isEqualTo("complete");
        assertThat(record.path("team").asString()).isEqualTo("analytics");
        assertThat(record.path("owner").asString()).isEqualTo("alice@example.com");
        assertThat(record.path("stream").asString()).isEqualTo(EVENTS);
        assertThat(record.path("rowCount").asLong()).isEqualTo(5);
        assertThat(record.path("events").asLong()).isEqualTo(6);
        assertThat(record.path("duplicates").asLong()).isZero();
        assertThat(record.path("source").path("kind").asString()).isEqualTo("look");
        assertThat(record.path("source").path("id").asString()).isEqualTo("1");

        List<MessageInfo> stored = inRange(record);
        assertThat(stored).as("every sequence in the range holds an event of this run, and no other").hasSize(6)
                .allSatisfy(message -> assertThat(message.getHeaders().getFirst("ce-runid")).isEqualTo(runId));
        assertThat(stored).extracting(MessageInfo::getSubject).containsOnly(
                "looker.analytics.thelook.replay.row", "looker.analytics.thelook.replay.summary");
        assertThat(record.path("subjects")).extracting(JsonNode::asString)
                .containsExactly("looker.analytics.thelook.replay.row", "looker.analytics.thelook.replay.summary");
        JsonNode summary = JSON.readTree(stored.get(stored.size() - 1).getData());
        assertThat(record.path("fingerprint").asString()).isEqualTo(summary.path("fingerprint").asString());

        // the team's own stream holds the team's events and nothing else
        PROBE.awaitCount("LOOKER_TEAM_ANALYTICS", "looker.analytics.thelook.replay.row", 5, WAIT);
        assertThat(PROBE.messages("LOOKER_TEAM_ANALYTICS", ">")).hasSize(6);
    }

    @Test
    @Order(2)
    void theSameResultAgainIsRecordedAsDuplicatesOfTheSameSequences() throws Exception {
        JsonNode first = onlyDelivery("route=replay-look&kind=delivery");
        runPollOnce();

        JsonNode deliveries = records(query("route=replay-look&kind=delivery"));
        assertThat(deliveries).hasSize(2);
        JsonNode again = deliveries.get(1).path("record");
        assertThat(again.path("runId").asString()).isNotEqualTo(first.path("runId").asString());
        assertThat(again.path("events").asLong()).isEqualTo(6);
        assertThat(again.path("duplicates").asLong()).as("JetStream kept the first run's events").isEqualTo(6);
        assertThat(again.path("firstSequence").asLong()).isEqualTo(first.path("firstSequence").asLong());
        assertThat(again.path("lastSequence").asLong()).isEqualTo(first.path("lastSequence").asLong());
    }

    @Test
    @Order(3)
    void aDeadLetterAndItsReplayAreRecordedAndSoAreTheAdminCallsWithoutTheirToken() throws Exception {
        for (int i = 0; i < 3; i++) {
            LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 503));
        }
        Instant before = Instant.now();
        runPollOnce();

        JsonNode deadLettered = records(query("route=replay-look&since=" + before)).get(0).path("record");
        assertThat(deadLettered.path("outcome").asString()).isEqualTo("dead-lettered");
        assertThat(deadLettered.path("reason").asString()).contains("503");
        assertThat(deadLettered.path("events").asLong()).isZero();

        HttpResponse<String> replay = send("POST", "/admin/dead-letters/replay?subject=looker-dlq.replay-look");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        JsonNode replayedEntry = records(query("route=replay-look&since=" + before)).get(1);
        JsonNode replayed = replayedEntry.path("record");
        assertThat(replayed.path("outcome").asString()).isEqualTo("replayed");
        assertThat(replayed.path("events").asLong()).isEqualTo(6);

        List<JsonNode> replays = new ArrayList<>();
        records(query("kind=admin&since=" + before)).forEach(entry -> {
            if (entry.path("record").path("action").asString().equals("dead-letters.replay")) {
                replays.add(entry);
            }
        });
        assertThat(replays).hasSize(1);
        assertThat(replays.get(0).path("sequence").asLong()).as("recorded before the replay ran")
                .isLessThan(replayedEntry.path("sequence").asLong());
        JsonNode replayRecord = replays.get(0).path("record");
        assertThat(replayRecord.path("outcome").asString()).isEqualTo("requested");
        assertThat(replayRecord.path("adminTokenId").asString()).matches("sha256:[0-9a-f]{12}");
        assertThat(replayRecord.path("filter").path("subject").asString()).isEqualTo("looker-dlq.replay-look");
        assertThat(replayRecord.path("count").asLong()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void theTrailIsQueriedByRunTeamKindAndTimeOnTheManagementPortOnly() throws Exception {
        JsonNode first = onlyDelivery("route=replay-look&kind=delivery");
        String runId = first.path("runId").asString();

        assertThat(records(query("runId=" + runId))).hasSize(1);
        assertThat(records(query("team=analytics&kind=delivery")).size()).isGreaterThanOrEqualTo(3);
        assertThat(records(query("team=finance"))).isEmpty();
        assertThat(records(query("since=" + Instant.now().plusSeconds(60)))).isEmpty();
        assertThat(records(query("until=2000-01-01T00:00:00Z"))).isEmpty();
        assertThat(records(query("kind=delivery&max=1")).size()).isEqualTo(1);
        assertThat(JSON.readTree(query("kind=delivery&max=1").body()).path("next").asLong()).isPositive();

        assertThat(sendTo(managementPort, "GET", "/admin/audit", null).statusCode()).isEqualTo(401);
        assertThat(sendTo(managementPort, "GET", "/admin/audit", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(sendTo(port, "GET", "/admin/audit", "Bearer " + ADMIN_TOKEN).statusCode())
                .as("not on the port that takes pushes").isEqualTo(404);
        assertThat(send("GET", "/admin/audit?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/admin/audit?kind=everything").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/admin/audit?max=100000").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/admin/audit?kind=grant&team=analytics").statusCode()).isEqualTo(400);
        assertThat(sendTo(port, "POST", "/access/nats-credentials", "Bearer x").statusCode())
                .as("no credentials endpoint without bridge.access.credentials.issuer-uri").isEqualTo(404);
    }

    @Test
    @Order(5)
    void noSecretReachesALogLineOrAnAuditRecord(CapturedOutput output) throws Exception {
        HttpResponse<String> push = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"query\"")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).isEqualTo(400);
        runPollOnce();
        assertThat(send("GET", "/admin/dead-letters").statusCode()).isEqualTo(200);

        List<String> secrets = List.of(ADMIN_TOKEN, NATS_TOKEN, BridgeWiring.PUSH_SECRET, LOOKER.clientSecret());
        String trail = new String(rawTrail(), StandardCharsets.UTF_8);
        assertThat(trail).contains("dead-letters.list", "\"outcome\":\"complete\"");
        for (String secret : secrets) {
            assertThat(output.getAll()).as("log lines").doesNotContain(secret);
            assertThat(trail).as("audit records").doesNotContain(secret);
        }
    }

    @Test
    @Order(6)
    void provisioningAgainLeavesTheStreamsAsTheyAre(CapturedOutput output) {
        int before = output.getAll().length();
        provisioner.provision(natsConnection);
        assertThat(provisioner.problem()).isNull();
        assertThat(output.getAll().substring(before)).doesNotContain("Updated JetStream stream");
    }

    @Test
    @Order(7)
    void theTrailCannotBeDeletedOrPurgedThroughJetStream() throws Exception {
        try (io.nats.client.Connection nats = io.nats.client.Nats.connect("nats://" + NATS_TOKEN + "@127.0.0.1:" + NATS.port())) {
            io.nats.client.JetStreamManagement jsm = nats.jetStreamManagement();
            long first = jsm.getStreamInfo("LOOKER_AUDIT").getStreamState().getFirstSequence();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jsm.deleteMessage("LOOKER_AUDIT", first))
                    .isInstanceOf(io.nats.client.JetStreamApiException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jsm.purgeStream("LOOKER_AUDIT"))
                    .isInstanceOf(io.nats.client.JetStreamApiException.class);
            assertThat(jsm.getStreamInfo("LOOKER_AUDIT").getStreamState().getFirstSequence()).isEqualTo(first);
        }
    }

    private void runPollOnce() {
        RouteRuns.runOnce(camel.getCamelContext(), "replay-look");
    }

    /** The events stored at the record's sequences, read from the event stream itself. */
    private static List<MessageInfo> inRange(JsonNode record) {
        List<MessageInfo> stored = new ArrayList<>();
        for (MessageInfo message : PROBE.messages(EVENTS, ">")) {
            if (message.getSeq() >= record.path("firstSequence").asLong() && message.getSeq() <= record.path("lastSequence").asLong()) {
                stored.add(message);
            }
        }
        return stored;
    }

    private JsonNode onlyDelivery(String filter) throws Exception {
        JsonNode records = records(query(filter));
        assertThat(records).isNotEmpty();
        return records.get(0).path("record");
    }

    private static byte[] rawTrail() {
        StringBuilder all = new StringBuilder();
        for (MessageInfo message : PROBE.messages("LOOKER_AUDIT", ">")) {
            all.append(message.getHeaders()).append(new String(message.getData(), StandardCharsets.UTF_8)).append('\n');
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> query(String parameters) throws Exception {
        return send("GET", "/admin/audit?" + parameters);
    }

    private static JsonNode records(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("records");
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return sendTo(managementPort, method, path, "Bearer " + ADMIN_TOKEN);
    }

    private static HttpResponse<String> sendTo(int port, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
