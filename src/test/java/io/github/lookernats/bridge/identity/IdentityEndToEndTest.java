package io.github.lookernats.bridge.identity;

import io.github.lookernats.bridge.support.RouteRuns;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/** Events carry who owns them, resolved through a SCIM directory; an outage is published as unresolved. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/identity.camel.yaml",
        "bridge.identity.provider=scim",
        "bridge.identity.on-unavailable=publish-unresolved",
        "bridge.identity.on-unknown=publish-unresolved",
        "bridge.identity.retries=2",
        "bridge.identity.retry-delay=100ms",
        "bridge.identity.groups[0].group=analytics-emea",
        "bridge.identity.groups[0].team=analytics",
        "bridge.identity.groups[0].audience=emea,eu",
        "bridge.identity.groups[1].group=finance",
        "bridge.identity.groups[1].team=finance",
        "bridge.identity.groups[1].audience=finance"})
@DirtiesContext
class IdentityEndToEndTest {

    static final String EVENTS = "LOOKER_EVENTS";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final ScimStub SCIM = new ScimStub();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("bridge.identity.scim.base-url", SCIM::scimUrl);
        registry.add("bridge.identity.scim.api-token", () -> ScimStub.STATIC_TOKEN);
    }

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.assertEventsMatchSchemasThenClose(SCIM, LOOKER, NATS);
    }

    @Test
    void everyEventCarriesTheOwnersTeamAndAudienceForOneLookupPerResult() throws Exception {
        run("identity-large", "looker.thelook.identity_large.summary");
        PROBE.awaitCount(EVENTS, "looker.thelook.identity_large.row", 1000, WAIT);

        MessageInfo row = PROBE.messages(EVENTS, "looker.thelook.identity_large.row").get(0);
        JsonNode identity = JSON.readTree(row.getData()).path("identity");
        assertThat(identity.path("resolved").asBoolean()).isTrue();
        assertThat(identity.path("owner").asText()).isEqualTo("alice@example.com");
        assertThat(identity.path("team").asText()).isEqualTo("analytics");
        assertThat(identity.path("audience").toString()).isEqualTo("[\"emea\",\"eu\"]");
        assertThat(identity.path("groups")).extracting(JsonNode::toString).asString().contains("analytics-emea", "everyone");
        assertThat(row.getHeaders().getFirst("ce-ownerteam")).isEqualTo("analytics");
        assertThat(row.getHeaders().getFirst("ce-audience")).isEqualTo("emea,eu");
        assertThat(row.getHeaders().getFirst("ce-identityresolved")).isEqualTo("true");
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.identity_large.summary").get(0).getData());
        assertThat(summary.path("identity").path("team").asText()).isEqualTo("analytics");
        assertThat(SCIM.requestCount("/scim/v2/Users")).as("one lookup for 1,000 rows").isEqualTo(1);
        assertThat(identityProviderHealth().path("status").asText()).isEqualTo("UP");
        assertThat(meters.get("bridge.identity.provider.up").gauge().value()).isEqualTo(1);

        int runsBefore = LOOKER.requestCount("/api/4.0/looks/3/run");
        camel.getRouteController().startRoute("identity-large");
        Awaitility.await().atMost(WAIT).until(() -> LOOKER.requestCount("/api/4.0/looks/3/run") > runsBefore
                && LOOKER.requests().stream().filter(r -> r.path().startsWith("/api/4.0/looks/3/run")).allMatch(r -> r.status() == 200));
        camel.getRouteController().stopRoute("identity-large");
        assertThat(SCIM.requestCount("/scim/v2/Users")).as("the second run is answered from the cache").isEqualTo(1);
        assertThat(meters.get("bridge.identity.cache.hit.ratio").gauge().value()).isGreaterThan(0);
        assertThat(meters.get("cache.gets").tag("cache", "bridge.identity.directory").tag("result", "hit").functionCounter().count())
                .isPositive();
    }

    @Test
    void anOutageIsRetriedThenPublishedUnresolvedWithTheReason() throws Exception {
        SCIM.failNext(503, 10);
        int lookupsBefore = SCIM.requestCount("/scim/v2/Users");

        camel.getRouteController().startRoute("identity-bob-once");
        try {
            RouteRuns.runOnce(camel, "identity-bob-once"); // one run: the first try and its retries, nothing else
        } finally {
            camel.getRouteController().stopRoute("identity-bob-once");
        }

        JsonNode identity = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.identity_bob_once.summary").get(0).getData()).path("identity");
        assertThat(identity.path("resolved").asBoolean()).isFalse();
        assertThat(identity.path("reason").asText()).contains("identity provider unavailable").contains("503");
        assertThat(SCIM.requestCount("/scim/v2/Users") - lookupsBefore).as("first try and two retries").isEqualTo(3);
        JsonNode health = identityProviderHealth();
        assertThat(health.path("status").asText()).as("from the last lookup, without a call of its own").isEqualTo("DOWN");
        assertThat(health.path("details").path("provider").asText()).isEqualTo("scim");
        assertThat(health.path("details").path("lastFailure").asText()).contains("503");
        assertThat(SCIM.requestCount("/scim/v2/Users") - lookupsBefore).as("the health check made no lookup").isEqualTo(3);
        assertThat(meters.get("bridge.identity.provider.up").gauge().value()).isZero();
        SCIM.clear();
    }

    @Test
    void aPushedScheduleBelongsToItsPlansOwnerOrItsLooksOwner() throws Exception {
        assertThat(push(86213, "plan_owner").statusCode()).isEqualTo(200);
        assertThat(identity("looker.thelook.plan_owner.summary").path("owner").asText()).isEqualTo("alice@example.com");

        assertThat(push(902, "look_owner").statusCode()).isEqualTo(200);
        assertThat(identity("looker.thelook.look_owner.summary").path("team").asText()).as("falls back to look 1's owner").isEqualTo("analytics");

        assertThat(push(903, "unknown_owner").statusCode()).isEqualTo(200);
        JsonNode unknown = identity("looker.thelook.unknown_owner.summary");
        assertThat(unknown.path("resolved").asBoolean()).isFalse();
        assertThat(unknown.path("reason").asText()).isEqualTo("Looker user 404 was not found or has no email");
    }

    private JsonNode identity(String subject) throws Exception {
        PROBE.awaitCount(EVENTS, subject, 1, WAIT);
        return JSON.readTree(PROBE.messages(EVENTS, subject).get(0).getData()).path("identity");
    }

    private HttpResponse<String> push(int planId, String explore) throws Exception {
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": %d, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "%s"}},
                 "attachment": {"mimetype": "text/csv", "extension": "csv", "data": "a,b\\n1,2\\n"}}
                """.formatted(planId, explore);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode identityProviderHealth() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).path("components").path("identityProvider");
    }

    private void run(String routeId, String summarySubject) throws Exception {
        camel.getRouteController().startRoute(routeId);
        try {
            PROBE.awaitCount(EVENTS, summarySubject, 1, WAIT);
        } finally {
            camel.getRouteController().stopRoute(routeId);
        }
    }
}
