package io.github.lookernats.bridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Okta, the team as a subject token, hashed owners, and the dead-letter policy for an outage. */
@SpringBootTest(properties = {
        "camel.main.routes-include-pattern=classpath:routes/identity.camel.yaml",
        "bridge.identity.provider=okta",
        "bridge.identity.owner-format=sha256",
        "bridge.identity.team-in-subject=true",
        "bridge.identity.on-unavailable=dead-letter",
        "bridge.identity.retries=1",
        "bridge.identity.retry-delay=100ms",
        "bridge.identity.groups[0].group=analytics-emea",
        "bridge.identity.groups[0].team=analytics",
        "bridge.identity.groups[1].group=finance",
        "bridge.identity.groups[1].team=finance"})
@DirtiesContext
class IdentityDeadLetterPolicyTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final OktaStub OKTA = new OktaStub();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("bridge.identity.okta.base-url", OKTA::baseUrl);
        registry.add("bridge.identity.okta.api-token", () -> OktaStub.API_TOKEN);
    }

    @Autowired
    CamelContext camel;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.close();
        OKTA.close();
        LOOKER.close();
        NATS.close();
    }

    @Test
    void theTeamIsASubjectTokenAndTheOwnerIsHashed() throws Exception {
        camel.getRouteController().startRoute("identity-alice");
        PROBE.awaitCount("LOOKER_EVENTS", "looker.analytics.thelook.identity_alice.summary", 1, WAIT);
        camel.getRouteController().stopRoute("identity-alice");

        PROBE.awaitCount("LOOKER_EVENTS", "looker.analytics.thelook.identity_alice.row", 5, WAIT);
        JsonNode identity = JSON.readTree(PROBE.messages("LOOKER_EVENTS", "looker.analytics.thelook.identity_alice.row").get(0).getData())
                .path("identity");
        assertThat(identity.path("owner").asText()).matches("sha256:[0-9a-f]{64}").doesNotContain("alice");
        assertThat(identity.path("team").asText()).isEqualTo("analytics");
    }

    @Test
    void anOutageDeadLettersTheRunAndPublishesNothing() throws Exception {
        OKTA.failNext(503, 10);

        camel.getRouteController().startRoute("identity-bob");
        PROBE.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.identity-bob", 1, WAIT);
        camel.getRouteController().stopRoute("identity-bob");

        JsonNode letter = JSON.readTree(PROBE.messages("LOOKER_DEAD_LETTERS", "looker-dlq.identity-bob").get(0).getData());
        assertThat(letter.path("exception").path("class").asText()).endsWith("IdentityUnavailableException");
        assertThat(letter.path("exception").path("message").asText()).contains("Okta answered 503");
        assertThat(letter.path("rowsReadBeforeFailure").asLong()).isZero();
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.finance.thelook.identity_bob.row")).isZero();
        OKTA.clear();
    }
}
