package io.github.lookernats.camel;

import static io.github.lookernats.bridge.support.JetStreamProbe.assertCloudEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.RouteRuns;
import io.github.lookernats.camel.errors.LookerErrorHandling;
import io.github.lookernats.camel.run.ResultRun;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Portability: the project's shipped route files, unchanged, on Camel Main (the runtime under the Camel launcher and
 * JBang) with only the components jar's classes and properties; no Spring. The looker component reads the emulator,
 * the looker-events component publishes to a real nats-server on its own connection, creating the bridge's streams,
 * and {@code bridge-errors} comes from {@link LookerErrorHandling} named in {@code camel.main.routes-builder-classes}.
 * Runs are started by the test rather than by their cron.
 */
class RouteFilesOnCamelMainTest {

    private static final LookerEmulator LOOKER = LookerEmulator.start();
    private static final NatsTestServer NATS = NatsTestServer.start();
    private static Main main;
    private static CamelContext camel;
    private static JetStreamProbe probe;

    @BeforeAll
    static void startCamelMain() {
        LOOKER.rowCount("1", 25).rowCount("3", 40);
        main = new Main();
        main.addInitialProperty("camel.main.name", "shipped-routes");
        main.addInitialProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        main.addInitialProperty("camel.main.routes-builder-classes", LookerErrorHandling.class.getName());
        main.addInitialProperty("camel.component.looker.base-url", LOOKER.baseUrl());
        main.addInitialProperty("camel.component.looker.client-id", LOOKER.clientId());
        main.addInitialProperty("camel.component.looker.client-secret", LOOKER.clientSecret());
        main.addInitialProperty("camel.component.looker-events.servers", NATS.url());
        main.start();
        camel = main.getCamelContext();
        probe = new JetStreamProbe(NATS.url());
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            main.stop();
            probe.assertEveryEventMatchesItsSchema("LOOKER_EVENTS");
        } finally {
            probe.close();
            NATS.close();
            LOOKER.close();
        }
    }

    @Test
    void aShippedRouteRunsOnCamelMainAndItsEventsSummaryAndAuditRecordAreInJetStream() {
        Exchange run = RouteRuns.runOnce(camel, "orders-by-status");

        assertThat(run.getException()).isNull();
        // a run of the route's own cron meanwhile would publish the same events, which JetStream de-duplicates
        List<MessageInfo> summaries = probe.messages("LOOKER_EVENTS", "looker.thelook.orders.summary");
        assertThat(summaries).hasSize(1);
        assertCloudEvent(summaries.get(0), "io.github.lookernats.looker.summary.v1");
        assertThat(summaries.get(0).getHeaders().getFirst("ce-source")).isEqualTo(LOOKER.baseUrl() + "/looks/1");
        assertThat(probe.count("LOOKER_EVENTS", "looker.thelook.orders.row")).isEqualTo(25);
        assertCloudEvent(probe.messages("LOOKER_EVENTS", "looker.thelook.orders.row").get(0), "io.github.lookernats.looker.row.v1");
        assertThat(probe.messages("LOOKER_AUDIT", "looker-audit.delivery._.orders-by-status"))
                .as("the run's delivery record")
                .anySatisfy(record -> {
                    assertThat(record.getHeaders().getFirst("ce-runid")).isEqualTo(runId(run));
                    assertThat(new String(record.getData(), StandardCharsets.UTF_8)).contains("\"outcome\":\"complete\"", "\"rowCount\":25");
                });
    }

    @Test
    void rowStepsOfAShippedRouteFileApplyOnCamelMain() {
        Exchange run = RouteRuns.runOnce(camel, "partner-order-lines");

        assertThat(run.getException()).isNull();
        List<MessageInfo> rows = probe.messages("LOOKER_EVENTS", "looker.thelook.partner_order_lines.row");
        assertThat(rows).isNotEmpty().hasSizeLessThanOrEqualTo(40);
        assertThat(rows).allSatisfy(row -> {
            String data = new String(row.getData(), StandardCharsets.UTF_8);
            assertThat(data).doesNotContain("\"cancelled\"").doesNotContain("users.state");
        });
    }

    @Test
    void aRunLookerRefusesIsDeadLetteredWithItsAuditRecordByTheComponentsAlone() {
        // the shipped route, asked for a Look that does not exist: Looker answers 404, which is not retried
        Exchange run = RouteRuns.runAs(camel, "daily-revenue", "looker:look:424242");

        assertThat(run.getException()).as("handled by the dead-letter channel").isNull();
        probe.awaitCount("LOOKER_DEAD_LETTERS", "looker-dlq.daily-revenue", 1, Duration.ofSeconds(5));
        MessageInfo letter = probe.messages("LOOKER_DEAD_LETTERS", "looker-dlq.daily-revenue").get(0);
        assertThat(letter.getHeaders().getFirst("Bridge-Route")).isEqualTo("daily-revenue");
        assertThat(letter.getHeaders().getFirst("Bridge-Exception")).endsWith("LookerRequestException");
        assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).contains("\"route\":\"daily-revenue\"", "424242");
        assertThat(probe.messages("LOOKER_AUDIT", "looker-audit.delivery._.daily-revenue"))
                .as("the run's delivery record")
                .anySatisfy(record -> {
                    assertThat(record.getHeaders().getFirst("ce-runid")).isEqualTo(runId(run));
                    assertThat(new String(record.getData(), StandardCharsets.UTF_8)).contains("\"outcome\":\"dead-lettered\"");
                });
    }

    private static String runId(Exchange exchange) {
        return exchange.getProperty(ResultRun.PROPERTY, ResultRun.class).runId();
    }
}
