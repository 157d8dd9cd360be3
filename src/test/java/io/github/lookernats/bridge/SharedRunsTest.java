package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.runs.JetStreamRunQueue;
import io.github.lookernats.bridge.support.EventSchemas;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Two bridges (two Spring contexts in this JVM, one nats-server, one Looker emulator) with the same route on a
 * one-second cron and {@code bridge.runs.shared=true}: both propose every fire time, JetStream keeps one proposal,
 * and each proposal is run by exactly one of them, so Looker sees one run per fire time.
 */
class SharedRunsTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final Path ROUTES = TempFiles.createDirectory("shared-runs");
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void shutDown() {
        LOOKER.close();
        NATS.close();
        TempFiles.deleteRecursively(ROUTES);
    }

    @Test
    void everyFireTimeRunsOnceAcrossTwoReplicas() throws Exception {
        Path routes = Files.writeString(ROUTES.resolve("shared.camel.yaml"), """
                - route:
                    id: shared-look
                    routeConfigurationId: bridge-errors
                    from:
                      uri: looker:look:1
                      parameters: { explore: shared, cron: "* * * * * ?" }
                      steps:
                        - to: looker-events:publish
                - route:
                    id: adhoc-look
                    routeConfigurationId: bridge-errors
                    from:
                      uri: looker:look:2
                      parameters: { explore: adhoc, cron: "0 0 0 1 1 ? 2099" }
                      steps:
                        - to: looker-events:publish
                """);
        List<ConfigurableApplicationContext> replicas = List.of(replica("replica-a", routes), replica("replica-b", routes));
        try {
            Awaitility.await("runs of several fire times").atMost(Duration.ofSeconds(60))
                    .until(() -> LOOKER.requestCount("/api/4.0/looks/1/run") >= 6);
            for (ConfigurableApplicationContext replica : replicas) {
                replica.getBean(CamelContext.class).getRouteController().suspendRoute("shared-look"); // no more proposals
            }
            try (Connection nats = Nats.connect(NATS.url())) {
                Awaitility.await("every proposal run and acknowledged").atMost(Duration.ofSeconds(60))
                        .until(() -> runsState(nats).getMsgCount() == 0);
                long proposals = runsState(nats).getLastSequence();
                assertThat(proposals).as("fire times proposed, one kept per fire time").isGreaterThanOrEqualTo(6);
                // a fire time proposed just before the pause, then handed to replicas where the route is paused,
                // ends as a dead letter rather than a run
                long pausedOut;
                try (JetStreamProbe probe = new JetStreamProbe(NATS.url())) {
                    pausedOut = probe.count("LOOKER_DEAD_LETTERS", "looker-dlq.shared-look");
                }
                assertThat(pausedOut).as("only fire times proposed as the route was paused").isLessThanOrEqualTo(2);
                assertThat(LOOKER.requestCount("/api/4.0/looks/1/run")).as("Looker runs: one per fire time run")
                        .isEqualTo((int) (proposals - pausedOut));

                // an ad-hoc run, asked for over NATS: queued, then run once by one of the replicas
                JsonNode answer = JSON.readTree(nats.request("looker-run-requests",
                        "{\"route\":\"adhoc-look\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)).getData());
                assertThat(answer.path("queued").asBoolean()).as(answer.toString()).isTrue();
                Awaitility.await("the requested run").atMost(Duration.ofSeconds(30))
                        .until(() -> LOOKER.requestCount("/api/4.0/looks/2/run") == 1 && runsState(nats).getMsgCount() == 0);
                JsonNode refused = JSON.readTree(nats.request("looker-run-requests",
                        "{\"route\":\"shared-look\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)).getData());
                assertThat(refused.path("queued").asBoolean()).as("the route is paused").isFalse();
                assertThat(refused.path("error").asString()).contains("no looker route 'shared-look' running here");
            }
        } finally {
            replicas.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void aRunOfARouteNoReplicaKnowsIsDeadLetteredNotLost() throws Exception {
        Path routes = Files.writeString(ROUTES.resolve("none.camel.yaml"), "[]\n");
        ConfigurableApplicationContext replica = replica("replica-c", routes, "--bridge.runs.stream=LOOKER_RUNS_GHOST",
                "--bridge.runs.subject-prefix=looker-runs-ghost", "--bridge.runs.max-deliver=2");
        try (Connection nats = Nats.connect(NATS.url()); JetStreamProbe probe = new JetStreamProbe(NATS.url())) {
            replica.getBean(JetStreamRunQueue.class).propose("ghost-route", Instant.parse("2026-12-01T12:00:00Z"));

            probe.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.ghost-route", 1, Duration.ofSeconds(30));
            String letter = new String(probe.messages("LOOKER_DEAD_LETTERS", "looker-dlq.ghost-route").get(0).getData(),
                    StandardCharsets.UTF_8);
            assertThat(letter).contains("refused by every replica it reached", "no looker route 'ghost-route' running",
                    "2026-12-01T12:00:00Z", "\"attempts\":2");
            assertThat(EventSchemas.deadLetterProblems(letter.getBytes(StandardCharsets.UTF_8))).isEmpty();
            assertThat(probe.messages("LOOKER_AUDIT", "looker-audit.delivery._.ghost-route")).singleElement()
                    .satisfies(record -> assertThat(new String(record.getData(), StandardCharsets.UTF_8))
                            .contains("\"outcome\":\"dead-lettered\""));
            Awaitility.await("the proposal taken off the queue").atMost(Duration.ofSeconds(10))
                    .until(() -> nats.jetStreamManagement().getStreamInfo("LOOKER_RUNS_GHOST").getStreamState().getMsgCount() == 0);
        } finally {
            replica.close();
        }
    }

    private static StreamState runsState(Connection nats) throws Exception {
        return nats.jetStreamManagement().getStreamInfo("LOOKER_RUNS").getStreamState();
    }

    private static ConfigurableApplicationContext replica(String name, Path routes, String... more) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("camel.main.name", name);
        properties.put("camel.main.routes-include-pattern", "file:" + routes);
        properties.put("bridge.runs.shared", "true");
        properties.put("bridge.runs.ack-wait", "5s");
        properties.put("bridge.nats.connection-name", name);
        properties.put("bridge.looker.base-url", LOOKER.baseUrl());
        properties.put("bridge.looker.client-id", LOOKER.clientId());
        properties.put("bridge.looker.client-secret", LOOKER.clientSecret());
        properties.put("bridge.nats.servers", NATS.url());
        // as arguments: they must win over application.yaml, as a deployment's settings do
        List<String> arguments = new java.util.ArrayList<>(properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
        arguments.addAll(List.of(more));
        return new SpringApplicationBuilder(BridgeApplication.class).run(arguments.toArray(String[]::new));
    }
}
