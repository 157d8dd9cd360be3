package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.support.RouteRuns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import io.nats.client.Options;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A nats-server configured with nothing but the generated accounts block: the bridge runs as its least-privilege
 * user (polls, dead letters inline and in the object store, listing and replay) without one permission violation,
 * and each team's user reads its own team's events and nothing else. Team analytics (Alice's Look 1) is "team A",
 * team finance (Bob's Look 2) is "team B".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/replay.camel.yaml",
        "management.server.port=0",
        "bridge.dead-letter.admin-token=admin-secret"})
@DirtiesContext
class StaticAccountsEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String BRIDGE_USER = StaticAccounts.DEFAULT_BRIDGE_USER;
    // test-only passwords, given to nats-server as configuration variables that the generated block refers to
    static final String BRIDGE_PASSWORD = "bridge-test-password";
    static final String A_PASSWORD = "analytics-test-password";
    static final String B_PASSWORD = "finance-test-password";

    /** The bridge's settings that shape the accounts: given to the generator and to the bridge alike. */
    static final Map<String, String> SETTINGS = settings();

    static final Path LOG_DIR = TempFiles.createDirectory("static-accounts-");
    static final Path SERVER_LOG = LOG_DIR.resolve("nats-server.log");
    static final NatsTestServer NATS = NatsTestServer.withConfig(
            "log_file: \"" + SERVER_LOG + "\"",
            StaticAccounts.BRIDGE_PASSWORD_VARIABLE + ": \"" + BRIDGE_PASSWORD + "\"",
            StaticAccounts.teamPasswordVariable("analytics") + ": \"" + A_PASSWORD + "\"",
            StaticAccounts.teamPasswordVariable("finance") + ": \"" + B_PASSWORD + "\"",
            NatsConfigCommand.render(arguments()));
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        SETTINGS.forEach((key, value) -> registry.add(key, () -> value));
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ProducerTemplate camel;

    @AfterAll
    static void shutDown() throws Exception {
        LOOKER.close();
        NATS.close();
        TempFiles.deleteRecursively(LOG_DIR);
    }

    @Test
    void theBridgePollsDeadLettersAndReplaysWithOnlyItsOwnPermissions() throws Exception {
        runPoll("1", "least_privilege"); // Alice's Look: team analytics
        for (int i = 0; i < 3; i++) {
            LOOKER.enqueueFault(Fault.status("/api/4.0/looks/2/run", 503));
        }
        runPoll("2", "least_privilege_failed"); // Bob's Look, failing: a dead letter
        String pdf = Base64.getEncoder().encodeToString(new byte[600 * 1024]); // past max-inline-size: object store
        assertThat(webhook("""
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 80, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "least_privilege_large"}},
                 "attachment": {"mimetype": "application/pdf", "extension": "pdf", "data": "%s"}}
                """.formatted(pdf), "wh-80").statusCode()).isEqualTo(422);

        try (JetStreamProbe probe = bridgeProbe()) {
            assertThat(probe.count("LOOKER_EVENTS", "looker.analytics.thelook.least_privilege.row")).isEqualTo(5);
            probe.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.replay-look", 1, WAIT);
            probe.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.looker-webhook", 1, WAIT);

            JsonNode polled = letters("subject=looker-dlq.replay-look");
            assertThat(polled).hasSize(1);
            JsonNode large = letters("subject=looker-dlq.looker-webhook");
            assertThat(large.get(0).path("letter").path("inputRef").path("bucket").asString()).isEqualTo("LOOKER_DEAD_LETTER_PAYLOADS");

            assertThat(replay("id=" + polled.get(0).path("sequence").asLong()).path("outcome").asString()).isEqualTo("replayed");
            assertThat(probe.count("LOOKER_EVENTS", "looker.finance.thelook.least_privilege_failed.row")).isEqualTo(30);
            // read back from the object store, refused again, stored anew and the old payload deleted
            assertThat(replay("subject=looker-dlq.looker-webhook").path("outcome").asString()).isEqualTo("failed-again");
            assertThat(letters("subject=looker-dlq.looker-webhook").get(0).path("letter").path("attempts").asInt()).isEqualTo(2);
        }

        // the server log is read: a refusal of someone else shows up in it, and none of the bridge's
        try (StaticAccountUser teamA = StaticAccountUser.team(NATS.url(), "analytics", A_PASSWORD)) {
            teamA.assertPublishRefused("looker.analytics.log.check.row");
        }
        Awaitility.await("the server logs a refusal").atMost(WAIT)
                .until(() -> !violations("team-analytics").isEmpty());
        assertThat(violations(BRIDGE_USER)).as("permission violations of the bridge in the server log").isEmpty();
    }

    @Test
    void aTeamUserReceivesItsTeamsEventsByCoreSubscriptionAndFromItsTeamStream() throws Exception {
        try (StaticAccountUser teamA = StaticAccountUser.team(NATS.url(), "analytics", A_PASSWORD)) {
            List<String> core = teamA.receive("looker.analytics.>", 6, () -> runPoll("1", "team_a_reads"));

            assertThat(core).containsOnly("looker.analytics.thelook.team_a_reads.row", "looker.analytics.thelook.team_a_reads.summary");
            assertThat(teamA.pull("LOOKER_TEAM_ANALYTICS", "looker.analytics.thelook.team_a_reads.>", 6))
                    .extracting(message -> message.getSubject()).hasSize(6).allMatch(subject -> subject.startsWith("looker.analytics."));
        }
    }

    @Test
    void aTeamUserIsRefusedTheOtherTeamsSubjectsAndStreamsAndTheSharedStream() throws Exception {
        runPoll("2", "team_b_hidden"); // team finance's events exist
        try (StaticAccountUser teamA = StaticAccountUser.team(NATS.url(), "analytics", A_PASSWORD)) {
            teamA.assertSubscribeRefused("looker.finance.>");
            teamA.assertSubscribeRefused("looker.>");
            teamA.assertSubscribeRefused(">");

            for (String stream : List.of("LOOKER_TEAM_FINANCE", "LOOKER_EVENTS")) {
                for (String filter : new String[] {null, "looker.finance.>", "looker.analytics.>"}) {
                    teamA.assertConsumerRefused(stream, pullConsumer(null, filter));
                    teamA.assertConsumerRefused(stream, pullConsumer("team-a-durable", filter));
                }
                // the 2.9 API subjects, sent by hand: the consumer's name and filter only in the body
                teamA.assertRequestRefused("$JS.API.CONSUMER.CREATE." + stream,
                        "{\"stream_name\":\"" + stream + "\",\"config\":{\"ack_policy\":\"explicit\",\"filter_subject\":\"looker.finance.>\"}}");
                teamA.assertRequestRefused("$JS.API.CONSUMER.DURABLE.CREATE." + stream + ".team-a-durable",
                        "{\"stream_name\":\"" + stream + "\",\"config\":{\"durable_name\":\"team-a-durable\",\"ack_policy\":\"explicit\"}}");
            }

            teamA.assertPublishRefused("looker.analytics.m.e.row");
            teamA.assertPublishRefused("looker.finance.m.e.row");
            teamA.assertPublishRefused("looker-dlq.m");
            teamA.assertPublishRefused("looker-audit.admin.x");
        }
    }

    /**
     * A push consumer's deliver subject is in the request body, so subject permissions cannot limit it, and the
     * server's deliveries are not checked against the team user's publish permissions. Left alone, a team A consumer
     * delivering onto team B's subject (bound once anyone listens there) reaches team B's subscriber, and the event
     * stream captures each delivery under the message's original subject, which team A's stream sources again and the
     * consumer delivers again: observed on 2.9.10 as about 190,000 copies in three seconds. The bridge's guard, running
     * as the least-privilege bridge user, hears of the consumer and removes it, so the copying stops at once.
     */
    @Test
    void aTeamsPushConsumerDeliveringOntoAnotherTeamsSubjectIsRemovedBeforeItCanLoop() throws Exception {
        String teamASubject = "looker.analytics.push.probe.row";
        String teamBSubject = "looker.finance.m.e.row";
        try (JetStreamProbe probe = bridgeProbe();
                StaticAccountUser teamA = StaticAccountUser.team(NATS.url(), "analytics", A_PASSWORD);
                StaticAccountUser teamB = StaticAccountUser.team(NATS.url(), "finance", B_PASSWORD)) {
            probe.publish(teamASubject, 3);
            probe.awaitCount("LOOKER_TEAM_ANALYTICS", teamASubject, 3, WAIT);
            JetStreamManagement jsm = teamA.connection().jetStreamManagement();
            teamB.connection().subscribe(teamBSubject); // a live team B subscriber binds the consumer
            teamB.connection().flush(WAIT);

            String copier = pushConsumer(jsm, teamASubject, teamBSubject);
            Awaitility.await("the guard removes the consumer").atMost(WAIT)
                    .until(() -> !jsm.getConsumerNames("LOOKER_TEAM_ANALYTICS").contains(copier));

            long copies = probe.count("LOOKER_EVENTS", teamASubject);
            Awaitility.await("no more copies once the consumer is gone").during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> probe.count("LOOKER_EVENTS", teamASubject) == copies);
            assertThat(copies).as("copies made before the guard removed it").isLessThan(1_000);
            assertThat(probe.count("LOOKER_EVENTS", teamBSubject)).as("stored under team B's subject").isZero();
            assertThat(probe.count("LOOKER_TEAM_FINANCE", teamBSubject)).isZero();
            assertThat(violations(BRIDGE_USER)).as("the guard's calls, as the least-privilege bridge user").isEmpty();
        }
    }

    /** An ephemeral push consumer of team A's stream, delivering its messages on {@code subject} to {@code deliverSubject}. */
    private static String pushConsumer(JetStreamManagement jsm, String subject, String deliverSubject) throws Exception {
        return jsm.addOrUpdateConsumer("LOOKER_TEAM_ANALYTICS", ConsumerConfiguration.builder()
                .deliverSubject(deliverSubject).filterSubject(subject).ackPolicy(AckPolicy.None).build()).getName();
    }

    private static JetStreamProbe bridgeProbe() {
        return new JetStreamProbe(new Options.Builder().server(NATS.url())
                .userInfo(BRIDGE_USER, BRIDGE_PASSWORD).inboxPrefix("_INBOX_BRIDGE").build());
    }

    private static ConsumerConfiguration pullConsumer(String durable, String filter) {
        return ConsumerConfiguration.builder().durable(durable).filterSubject(filter).ackPolicy(AckPolicy.Explicit).build();
    }

    /** The server log's permission violations of one user. */
    private static List<String> violations(String user) throws Exception {
        if (!Files.exists(SERVER_LOG)) {
            return List.of();
        }
        return Files.readAllLines(SERVER_LOG).stream()
                .filter(line -> line.contains("Violation") && line.contains("\"" + user + "\"")).toList();
    }

    private void runPoll(String lookId, String explore) {
        RouteRuns.runAs(camel.getCamelContext(), "replay-look", "looker:look:" + lookId + "?explore=" + explore);
    }

    private JsonNode letters(String query) throws Exception {
        HttpResponse<String> response = admin("GET", "/admin/dead-letters?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("letters");
    }

    private JsonNode replay(String query) throws Exception {
        HttpResponse<String> response = admin("POST", "/admin/dead-letters/replay?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode outcomes = JSON.readTree(response.body()).path("outcomes");
        assertThat(outcomes).as(response.body()).hasSize(1);
        return outcomes.get(0);
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer admin-secret").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String delivery, String webhookId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .header("X-Looker-Webhook-Id", webhookId).POST(HttpRequest.BodyPublishers.ofString(delivery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bridge.access.enabled", "true");
        settings.put("bridge.identity.provider", "static");
        settings.put("bridge.identity.static-file", "src/test/resources/identity/dev-directory.yaml");
        settings.put("bridge.identity.team-in-subject", "true");
        settings.put("bridge.identity.groups[0].group", "analytics-emea");
        settings.put("bridge.identity.groups[0].team", "analytics");
        settings.put("bridge.identity.groups[1].group", "finance");
        settings.put("bridge.identity.groups[1].team", "finance");
        settings.put("bridge.nats.username", BRIDGE_USER);
        settings.put("bridge.nats.password", BRIDGE_PASSWORD);
        return settings;
    }

    private static String[] arguments() {
        List<String> arguments = new ArrayList<>();
        SETTINGS.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments.toArray(String[]::new);
    }
}
