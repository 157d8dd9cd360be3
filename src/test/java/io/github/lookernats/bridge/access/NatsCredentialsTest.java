package io.github.lookernats.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import io.nats.client.support.JwtUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /access/nats-credentials} end to end: a real OIDC provider (Spring Authorization Server), the bridge
 * publishing Looker results of two teams (alice's Look for team a, bob's for team b, through a static directory), and
 * a nats-server in operator mode enforcing the issued user JWTs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/identity.camel.yaml",
        "bridge.identity.provider=static",
        "bridge.identity.team-in-subject=true",
        "bridge.identity.groups[0].group=analytics-emea",
        "bridge.identity.groups[0].team=a",
        "bridge.identity.groups[1].group=finance",
        "bridge.identity.groups[1].team=b",
        "bridge.access.enabled=true",
        "bridge.access.credentials.audience=" + NatsCredentialsTest.AUDIENCE,
        "bridge.access.credentials.max-token-size=4KB",
        "bridge.access.credentials.signing-key-check-interval=0s"})
@DirtiesContext
class NatsCredentialsTest {

    static final String AUDIENCE = "looker-nats-bridge";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TEAM_A_ROWS = "looker.a.thelook.identity_alice.row";
    static final String TEAM_B_ROWS = "looker.b.thelook.identity_bob.row";

    static final NatsOperatorMode NATS = operatorMode();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final OidcTestProvider OIDC = OidcTestProvider.start(List.of(
            new OidcTestProvider.Client("team-a", List.of("analytics-emea"), AUDIENCE, "svc-a@example.com", Duration.ofHours(1)),
            new OidcTestProvider.Client("team-b", List.of("finance"), AUDIENCE, null, Duration.ofHours(1)),
            new OidcTestProvider.Client("no-team", List.of("everyone"), AUDIENCE, null, Duration.ofHours(1)),
            new OidcTestProvider.Client("short-lived", List.of("analytics-emea"), AUDIENCE, null, Duration.ofMinutes(2)),
            new OidcTestProvider.Client("other-api", List.of("analytics-emea"), null, null, Duration.ofHours(1))));
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS.server, LOOKER);
        registry.add("bridge.nats.creds-file", NATS.bridgeCreds::toString);
        registry.add("bridge.identity.static-file", () -> Path.of("src/test/resources/identity/dev-directory.yaml").toAbsolutePath().toString());
        registry.add("bridge.access.credentials.issuer-uri", OIDC::issuer);
        registry.add("bridge.access.credentials.account", NATS::accountKey);
        registry.add("bridge.access.credentials.signing-key-file", NATS.signingKeyFile::toString);
    }

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() throws Exception {
        try {
            // the team users' refusals are in the log, so it is really read
            assertThat(NATS.violations("")).as("permission violations in the server's log").isNotEmpty();
            assertThat(NATS.violations("bridge")).as("permission violations of the bridge's least-privilege user").isEmpty();
        } finally {
            closeAll();
        }
    }

    private static void closeAll() {
        OIDC.close();
        LOOKER.close();
        NATS.close();
    }

    // ---- what an issued user may and may not do ----

    @Test
    void aTeamAUserReadsTeamAsEventsOverCoreAndJetStreamAndNothingOfTeamB() throws Exception {
        Issued creds = issued(request(OIDC.token("team-a"), ""));
        runRoute("identity-bob", "looker.b.thelook.identity_bob.summary");
        try (NatsUser user = NatsUser.connect(NATS.url(), creds)) {
            assertCoreDelivery(user, "looker.a.>", () -> runRoute("identity-alice", "looker.a.thelook.identity_alice.summary"));
            assertPullConsumerReads(user, "LOOKER_TEAM_A", TEAM_A_ROWS);

            assertCoreSubscriptionRefused(user, "looker.b.>");
            assertConsumerCreationRefused(user, "LOOKER_TEAM_B", null);
            assertConsumerCreationRefused(user, "LOOKER_EVENTS", "looker.a.>");
            assertConsumerCreationRefused(user, "LOOKER_EVENTS", null);
            assertPublishRefused(user, TEAM_A_ROWS);
            assertPublishRefused(user, "looker.b.thelook.forged.row");
        }
    }

    /**
     * The consumer-create API of nats-server 2.9 takes any deliver subject, so a team-a user can create a push consumer
     * on its own stream that delivers onto team b's subjects: live team b subscribers would get team a's events, and
     * the event stream, which captures those subjects, would store them again. The bridge's guard hears of the new
     * consumer, or of an update that points an existing one there, and removes it, with an audit record; a consumer
     * delivering to the user's own inbox stays.
     */
    @Test
    void aTeamAUsersPushConsumerDeliveringOutsideItsInboxIsRemovedAndAudited() throws Exception {
        runRoute("identity-alice", "looker.a.thelook.identity_alice.summary");
        Issued creds = issued(request(OIDC.token("team-a"), ""));
        String forged = "looker.b.forged.copy.row";
        try (NatsUser user = NatsUser.connect(NATS.url(), creds);
                Connection admin = Nats.connect(adminOptions())) {
            JetStreamManagement adminJsm = admin.jetStreamManagement();
            long stored = adminJsm.getStreamInfo("LOOKER_EVENTS").getStreamState().getMsgCount();
            admin.subscribe(forged); // a live subscriber of team b's subject, as a team b consumer would be
            admin.flush(Duration.ofSeconds(5));
            JetStreamManagement userJsm = user.jsm(Duration.ofSeconds(5));
            String own = userJsm.addOrUpdateConsumer("LOOKER_TEAM_A", pushTo(creds.inboxPrefix() + ".live", "own")).getName();
            String copier = userJsm.addOrUpdateConsumer("LOOKER_TEAM_A", pushTo(forged, "copier")).getName();

            Awaitility.await("the guard removes the consumer delivering onto team b's subject").atMost(WAIT)
                    .until(() -> !adminJsm.getConsumerNames("LOOKER_TEAM_A").contains(copier));
            // a consumer made harmless, then pointed elsewhere: an update, which JetStream announces as no new consumer
            String turned = userJsm.addOrUpdateConsumer("LOOKER_TEAM_A", pushTo(creds.inboxPrefix() + ".later", "turned")).getName();
            userJsm.addOrUpdateConsumer("LOOKER_TEAM_A", pushTo(forged, "turned"));
            Awaitility.await("the guard removes the consumer updated to deliver onto team b's subject").atMost(WAIT)
                    .until(() -> !adminJsm.getConsumerNames("LOOKER_TEAM_A").contains(turned));
            assertThat(adminJsm.getConsumerNames("LOOKER_TEAM_A")).as("a consumer delivering to the user's inbox stays")
                    .contains(own);
            Awaitility.await("the removal's audit record").atMost(WAIT)
                    .until(() -> !auditRecords("looker-audit.admin.team-consumer_removed", null).isEmpty());
            assertThat(auditRecords("looker-audit.admin.team-consumer_removed", null)).anySatisfy(record -> assertThat(new String(record.getData(), StandardCharsets.UTF_8))
                    .contains("\"consumer\":\"copier\"", "\"deliverSubject\":\"" + forged + "\""));
            assertThat(adminJsm.getStreamInfo("LOOKER_EVENTS").getStreamState().getMsgCount())
                    .as("nothing stored again in the event stream").isEqualTo(stored);
            adminJsm.deleteConsumer("LOOKER_TEAM_A", own);
        }
    }

    private static io.nats.client.api.ConsumerConfiguration pushTo(String deliverSubject, String durable) {
        return io.nats.client.api.ConsumerConfiguration.builder().durable(durable).deliverSubject(deliverSubject)
                .ackPolicy(io.nats.client.api.AckPolicy.None).build();
    }

    @Test
    void anIssuedUserIsRefusedByNatsOnceItsJwtExpired() throws Exception {
        Issued creds = issued(request(OIDC.token("team-a"), "?ttl=2"));
        assertThat(creds.expiresAt()).isBefore(Instant.now().plusSeconds(3));
        try (NatsUser user = NatsUser.connect(NATS.url(), creds)) {
            assertThat(user.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
            Awaitility.await("the server drops the expired user").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> user.connection().getStatus() != Connection.Status.CONNECTED);
            assertThat(user.errors()).anySatisfy(error -> assertThat(error).containsIgnoringCase("expired"));
        }
        // the server compares exp with whole seconds, so a connect within the second of exp may still be let in
        Awaitility.await("a second past the JWT's exp").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(creds.expiresAt().plusSeconds(1)));
        // the server says "User Authentication Expired" or "Authorization Violation", depending on the moment
        assertThatThrownBy(() -> NatsUser.connect(NATS.url(), creds)).isInstanceOf(io.nats.client.AuthenticationException.class)
                .message().containsAnyOf("User Authentication Expired", "Authorization Violation");
    }

    // ---- the grant and its audit record ----

    @Test
    void aGrantIsOneAuditRecordWithoutTokenOrSeed() throws Exception {
        String token = OIDC.token("team-a");
        HttpResponse<String> response = request(token, "");
        Issued creds = issued(response);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue(CredentialsController.STREAMS)).hasValue("LOOKER_TEAM_A");
        assertThat(response.headers().firstValue(CredentialsController.SUBJECTS)).hasValue("looker.a.>");
        assertThat(creds.body()).startsWith("-----BEGIN NATS USER JWT-----").contains("-----BEGIN USER NKEY SEED-----");

        JsonNode claims = JSON.readTree(JwtUtils.getClaimBody(creds.jwt()));
        assertThat(claims.path("nats").path("issuer_account").asString()).isEqualTo(NATS.accountKey());
        assertThat(claims.path("iss").asString()).isEqualTo(NatsOperatorMode.pub(NATS.signingKey));
        assertThat(claims.path("name").asString()).isEqualTo("svc-a@example.com");
        assertThat(claims.path("nats").path("tags").toString()).contains("sub:team-a", "email:svc-a@example.com", "team:a");
        assertThat(claims.path("nats").path("pub").path("allow").toString()).doesNotContain("\"looker.");
        assertThat(creds.inboxPrefix()).isEqualTo("_INBOX." + claims.path("sub").asString());

        List<Message> records = auditRecords("looker-audit.grant", creds.jwtId());
        assertThat(records).as("audit records of JWT %s", creds.jwtId()).hasSize(1);
        String stored = new String(records.get(0).getData(), StandardCharsets.UTF_8);
        JsonNode record = JSON.readTree(stored);
        assertThat(record.path("jwtId").asString()).isEqualTo(creds.jwtId());
        assertThat(record.path("teams").toString()).isEqualTo("[\"a\"]");
        assertThat(Instant.parse(record.path("expiresAt").asString())).isEqualTo(creds.expiresAt());
        assertThat(record.path("signingKey").asString()).isEqualTo(NatsOperatorMode.pub(NATS.signingKey));
        assertThat(record.path("subject").asString()).isEqualTo("team-a");
        assertThat(stored).doesNotContain(token).doesNotContain(creds.seed()).doesNotContain(creds.jwt());
    }

    @Test
    void noGrantLeavesWhenItsAuditRecordCannotBeStored() throws Exception {
        try (Connection admin = Nats.connect(adminOptions())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            StreamConfiguration audit = jsm.getStreamInfo("LOOKER_AUDIT").getConfiguration();
            // the audit stream stops taking grants: their publish finds no stream
            jsm.updateStream(StreamConfiguration.builder(audit).subjects("looker-audit.delivery.>").build());
            try {
                HttpResponse<String> response = request(OIDC.token("team-a"), "");
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.body()).contains("audit trail").doesNotContain("NATS USER JWT").doesNotContain("NKEY SEED");
            } finally {
                jsm.updateStream(audit);
            }
        }
        assertRefusalCounted("audit-unavailable");
    }

    @Test
    void aReplacedSigningKeySignsNewUsersWhileOldUsersKeepWorking() throws Exception {
        Issued before = issued(request(OIDC.token("team-a"), ""));
        NATS.useSigningKey(NATS.nextSigningKey, Instant.now().plusSeconds(60));
        try {
            Issued after = issued(request(OIDC.token("team-a"), ""));
            assertThat(JSON.readTree(JwtUtils.getClaimBody(after.jwt())).path("iss").asString())
                    .isEqualTo(NatsOperatorMode.pub(NATS.nextSigningKey));
            try (NatsUser old = NatsUser.connect(NATS.url(), before); NatsUser fresh = NatsUser.connect(NATS.url(), after)) {
                assertThat(old.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThat(fresh.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        } finally {
            NATS.useSigningKey(NATS.signingKey, Instant.now().plusSeconds(120));
        }
    }

    // ---- refused requests ----

    @Test
    void aCallerOfNoTeamIsRefusedWith403AndARefusalRecord() throws Exception {
        HttpResponse<String> response = request(OIDC.token("no-team"), "");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("None of your groups may read any team's events");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        assertRefusalCounted("no-team");
        assertThat(auditRecords("looker-audit.grant-refused", null)).anySatisfy(record -> {
            JsonNode json = JSON.readTree(record.getData());
            assertThat(json.path("reason").asString()).isEqualTo("no-team");
            assertThat(json.path("subject").asString()).isEqualTo("no-team");
        });
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        assertUnauthorized(OIDC.signWithProviderKey(claims().expirationTime(Date.from(Instant.now().minusSeconds(600)))
                .issueTime(Date.from(Instant.now().minusSeconds(3600))).build()), "expired", "The token expired at");
    }

    @Test
    void aTokenExpiringWithinTheMarginIsRefused() throws Exception {
        assertUnauthorized(OIDC.token("short-lived"), "expires-too-soon", "within PT5M");
    }

    @Test
    void aTokenNotYetValidIsRefused() throws Exception {
        assertUnauthorized(OIDC.signWithProviderKey(claims().notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build()),
                "not-yet-valid", "The token is not valid before");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        assertUnauthorized(OIDC.signWithProviderKey(claims().issuer("http://127.0.0.1:1/elsewhere").build()),
                "wrong-issuer", "The token was not issued by " + OIDC.issuer());
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertUnauthorized(OIDC.token("other-api"), "wrong-audience", "its audience must include " + AUDIENCE);
    }

    @Test
    void aTokenWithABadSignatureIsRefused() throws Exception {
        assertUnauthorized(OIDC.signWithForeignKey(claims().build()), "bad-signature", "signature does not match");
    }

    @Test
    void noTokenOrAGarbageTokenIsRefused() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(endpoint("")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"looker-nats-bridge\"");
        assertThat(none.body()).contains("No bearer token");

        assertUnauthorized("not-a-jwt", "malformed-token", "not a signed JWT");
        assertUnauthorized("x".repeat(5000), "token-too-large", "longer than 4096 bytes");
    }

    // ---- helpers ----

    /** Anyone can send garbage: it is counted every time, but recorded at most once a minute, with what was left out. */
    @Test
    void unsignedRefusalsAreCountedEachButRecordedAtMostOnceAMinute() throws Exception {
        long recordsBefore = auditRecords("looker-audit.grant-refused", null).stream()
                .filter(record -> new String(record.getData(), StandardCharsets.UTF_8).contains("\"reason\":\"malformed-token\"")).count();
        double countedBefore = refusals("malformed-token");
        for (int i = 0; i < 5; i++) {
            assertThat(request("not-a-jwt-" + i, "").statusCode()).isEqualTo(401);
        }
        long recordsAfter = auditRecords("looker-audit.grant-refused", null).stream()
                .filter(record -> new String(record.getData(), StandardCharsets.UTF_8).contains("\"reason\":\"malformed-token\"")).count();
        assertThat(refusals("malformed-token")).isEqualTo(countedBefore + 5);
        assertThat(recordsAfter - recordsBefore).isLessThanOrEqualTo(1);
    }

    private void assertUnauthorized(String token, String reason, String message) throws Exception {
        double before = refusals(reason);
        HttpResponse<String> response = request(token, "");
        assertThat(response.statusCode()).as("status for %s", reason).isEqualTo(401);
        assertThat(response.body()).contains(message).doesNotContain(token);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(header -> assertThat(header)
                .startsWith("Bearer realm=\"looker-nats-bridge\", error=\"invalid_token\", error_description=\"")
                .contains(message));
        assertThat(refusals(reason)).isEqualTo(before + 1);
    }

    private void assertRefusalCounted(String reason) {
        assertThat(refusals(reason)).isPositive();
    }

    private double refusals(String reason) {
        var counter = meters.find("bridge.access.credentials.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Core NATS: a subscription on the team's subjects gets the events the bridge publishes while it is open. */
    private static void assertCoreDelivery(NatsUser user, String subjects, Runnable publish) throws Exception {
        io.nats.client.Subscription sub = user.connection().subscribe(subjects);
        user.connection().flush(Duration.ofSeconds(5));
        publish.run();
        Message message = sub.nextMessage(WAIT);
        assertThat(message).as("an event on %s", subjects).isNotNull();
        assertThat(message.getSubject()).startsWith("looker.a.");
        sub.unsubscribe();
    }

    /** JetStream: a pull consumer on the team's stream reads its rows. */
    private static void assertPullConsumerReads(NatsUser user, String stream, String subject) throws Exception {
        var consumer = user.connection().getStreamContext(stream).createOrUpdateConsumer(
                io.nats.client.api.ConsumerConfiguration.builder().filterSubject(subject).build());
        Message message = consumer.next(WAIT);
        assertThat(message).as("a row from %s", stream).isNotNull();
        assertThat(message.getSubject()).isEqualTo(subject);
        message.ack();
    }

    private static void assertCoreSubscriptionRefused(NatsUser user, String subjects) throws Exception {
        user.connection().subscribe(subjects);
        user.awaitError("Permissions Violation for Subscription to \"" + subjects + "\"");
    }

    /** The consumer-create request is not delivered: the server refuses the publish and the request gets no answer. */
    private static void assertConsumerCreationRefused(NatsUser user, String stream, String filter) {
        var config = io.nats.client.api.ConsumerConfiguration.builder();
        if (filter != null) {
            config.filterSubject(filter);
        }
        assertThatThrownBy(() -> user.jsm(Duration.ofSeconds(1)).addOrUpdateConsumer(stream, config.build()))
                .as("a consumer on %s", stream).isInstanceOf(java.io.IOException.class);
        // jnats names its consumers: $JS.API.CONSUMER.CREATE.<stream>.<name>
        user.awaitError("Permissions Violation for Publish to \"$JS.API.CONSUMER.CREATE." + stream + ".");
    }

    private static void assertPublishRefused(NatsUser user, String subject) {
        user.connection().publish(subject, "forged".getBytes(StandardCharsets.UTF_8));
        user.awaitError("Permissions Violation for Publish to \"" + subject + "\"");
    }

    private void runRoute(String routeId, String summarySubject) {
        try (Connection admin = Nats.connect(adminOptions())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            long before = count(jsm, "LOOKER_EVENTS", summarySubject);
            var sub = admin.subscribe(summarySubject);
            admin.flush(Duration.ofSeconds(5));
            camel.getRouteController().startRoute(routeId);
            try {
                // a run repeated publishes again (core subscribers get it) though the stream drops the duplicate
                assertThat(sub.nextMessage(WAIT)).as("the summary of %s", routeId).isNotNull();
                Awaitility.await().atMost(WAIT).until(() -> count(jsm, "LOOKER_EVENTS", summarySubject) >= Math.max(before, 1));
            } finally {
                camel.getRouteController().stopRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages of the audit stream on one subject, those with the given CloudEvents id when one is given. */
    private static List<Message> auditRecords(String subject, String id) throws Exception {
        try (Connection admin = Nats.connect(adminOptions())) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            List<Message> found = new ArrayList<>();
            long seq = 1;
            while (true) {
                MessageInfo info;
                try {
                    info = jsm.getNextMessage("LOOKER_AUDIT", seq, subject);
                } catch (JetStreamApiException e) {
                    break; // no further message on the subject
                }
                if (id == null || id.equals(info.getHeaders().getFirst("ce-id"))) {
                    found.add(new io.nats.client.impl.NatsMessage(info.getSubject(), null, info.getHeaders(), info.getData()));
                }
                seq = info.getSeq() + 1;
            }
            return found;
        }
    }

    private static long count(JetStreamManagement jsm, String stream, String subject) throws Exception {
        List<Subject> subjects = jsm.getStreamInfo(stream, StreamInfoOptions.filterSubjects(subject)).getStreamState().getSubjects();
        return subjects == null ? 0 : subjects.stream().filter(s -> s.getName().equals(subject)).mapToLong(Subject::getCount).sum();
    }

    private static Options adminOptions() throws Exception {
        return Options.builder().server(NATS.url()).authHandler(Nats.credentials(NATS.adminCreds.toString())).build();
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(OIDC.issuer()).subject("team-a").audience(AUDIENCE)
                .claim("groups", List.of("analytics-emea"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private HttpResponse<String> request(String token, String query) throws Exception {
        return send(HttpRequest.newBuilder(endpoint(query)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private URI endpoint(String query) {
        return URI.create("http://localhost:" + port + CredentialsController.PATH + query);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Issued issued(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("credentials answer: %s", response.body()).isEqualTo(200);
        return Issued.of(response);
    }

    /** The server; the bridge's user has exactly the least-privilege permissions operators are told to give it. */
    private static NatsOperatorMode operatorMode() {
        try {
            return new NatsOperatorMode(NatsConfigCommand.bridgePermissions("--bridge.access.enabled=true",
                    "--bridge.identity.provider=static", "--bridge.identity.static-file=src/test/resources/identity/dev-directory.yaml",
                    "--bridge.identity.team-in-subject=true",
                    "--bridge.identity.groups[0].group=analytics-emea", "--bridge.identity.groups[0].team=a",
                    "--bridge.identity.groups[1].group=finance", "--bridge.identity.groups[1].team=b"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
