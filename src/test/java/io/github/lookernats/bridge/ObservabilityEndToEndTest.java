package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.RouteRuns;
import io.github.lookernats.camel.run.ResultRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.nats.client.api.MessageInfo;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an operator sees of runs and pushes: per-route metrics, Looker API calls by endpoint and status, staleness,
 * and the W3C trace context carried from an HTTP push into the events, dead letters and audit records in JetStream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camel.main.routes-include-pattern=classpath:routes/observed.camel.yaml")
@AutoConfigureMetrics
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityEndToEndTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
    }

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.assertEventsMatchSchemasThenClose(LOOKER, NATS);
    }

    @Test
    void aPollRunIsMeasuredPerRouteAndItsEventsCarryItsTrace(CapturedOutput log) {
        Exchange run = RouteRuns.runOnce(camel, "observed-look");

        assertThat(run.getException()).isNull();
        assertThat(timer("bridge.run", "observed-look").tag("outcome", "complete").tag("source", "poll").timers())
                .singleElement().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
        assertThat(meters.get("bridge.rows.published").tag("route", "observed-look").tag("action", "none").counter().count())
                .isEqualTo(5);
        assertThat(meters.get("bridge.run.last.success").tag("route", "observed-look").gauge().value()).isPositive();
        assertThat(meters.get("bridge.run.rows.read").tag("route", "observed-look").gauge().value()).isEqualTo(5);
        assertThat(meters.get("bridge.route.schedule.interval").tag("route", "observed-look").gauge().value())
                .as("a daily cron").isEqualTo(86_400);
        assertThat(meters.get("looker.api").tag("endpoint", "/looks/{id}/run/{format}").tag("status", "200")
                .tag("method", "GET").timer().count()).isPositive();
        assertThat(meters.get("looker.api").tag("endpoint", "/login").tag("status", "200").timer().count()).isPositive();

        String traceparent = PROBE.messages("LOOKER_EVENTS", "looker.thelook.observed.summary").get(0)
                .getHeaders().getFirst("ce-traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.substring(3, 35);
        assertThat(PROBE.messages("LOOKER_EVENTS", "looker.thelook.observed.row"))
                .hasSize(5).allSatisfy(row -> assertThat(row.getHeaders().getFirst("ce-traceparent")).isEqualTo(traceparent));
        String runId = run.getProperty(ResultRun.PROPERTY, ResultRun.class).runId();
        assertThat(PROBE.messages("LOOKER_AUDIT", "looker-audit.delivery._.observed-look")).singleElement()
                .satisfies(record -> {
                    assertThat(record.getHeaders().getFirst("ce-runid")).isEqualTo(runId);
                    assertThat(record.getHeaders().getFirst("ce-traceparent")).contains(traceId);
                });
        assertThat(log.getOut()).as("one grep of the run id or trace id follows the run")
                .containsPattern("\\[" + traceId + ",[0-9a-f]{16}," + runId + "\\] .*Published run " + runId);
    }

    @Test
    void aFailedRunIsCountedAsDeadLetteredAndItsLetterCarriesItsTrace() {
        Exchange run = RouteRuns.runOnce(camel, "observed-missing-look");

        assertThat(run.getException()).as("handled by the dead-letter channel").isNull();
        assertThat(timer("bridge.run", "observed-missing-look").tag("outcome", "dead-lettered").timers()).hasSize(1);
        assertThat(meters.get("bridge.dead.letters").tag("route", "observed-missing-look").counter().count()).isEqualTo(1);
        assertThat(meters.get("bridge.run.last.success").tag("route", "observed-missing-look").gauge().value()).isZero();
        assertThat(meters.get("looker.api").tag("endpoint", "/looks/{id}").tag("status", "404").timer().count())
                .as("the Look's metadata, asked for first").isPositive();
        MessageInfo letter = PROBE.messages("LOOKER_DEAD_LETTERS", "looker-dlq.observed-missing-look").get(0);
        String traceparent = letter.getHeaders().getFirst("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(PROBE.messages("LOOKER_AUDIT", "looker-audit.delivery._.observed-missing-look")).singleElement()
                .satisfies(record -> assertThat(record.getHeaders().getFirst("ce-traceparent")).contains(traceparent.substring(3, 35)));
    }

    @Test
    void aRunStartedByAMessageIsObservedAsARequest() {
        Exchange done = camel.createProducerTemplate().send("direct:observed-request", exchange -> { });

        assertThat(done.getException()).isNull();
        assertThat(timer("bridge.run", "observed-request").tag("source", "request").tag("outcome", "complete").timers())
                .singleElement().satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
        String runId = done.getProperty(ResultRun.PROPERTY, ResultRun.class).runId();
        String traceparent = PROBE.messages("LOOKER_EVENTS", "looker.thelook.requested.summary").get(0)
                .getHeaders().getFirst("ce-traceparent");
        assertThat(PROBE.messages("LOOKER_AUDIT", "looker-audit.delivery._.observed-request")).singleElement()
                .satisfies(record -> {
                    assertThat(record.getHeaders().getFirst("ce-runid")).isEqualTo(runId);
                    assertThat(record.getHeaders().getFirst("ce-traceparent")).contains(traceparent.substring(3, 35));
                });
    }

    @Test
    void spansAreNotExportedUnlessAnEndpointIsGiven() {
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
    }

    @Test
    void stalenessRisesWhileARouteIsPaused() throws Exception {
        camel.getRouteController().suspendRoute("observed-look");
        try {
            double before = staleness("observed-look");
            Awaitility.await("staleness of the paused route rising").atMost(Duration.ofSeconds(10))
                    .until(() -> staleness("observed-look") >= before + 1);
            assertThat(camel.getRouteController().getRouteStatus("observed-look").isStarted()).as("paused").isFalse();
        } finally {
            camel.getRouteController().resumeRoute("observed-look");
        }
    }

    @Test
    void aPushContinuesTheTraceOfItsRequestIntoNatsAndIsMeasuredUnderItsRoute() throws Exception {
        String traceparent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json")
                .header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(example("webhook_look_csv_partial.json"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String rows = "looker.looker_push.Sales___Year_to_Date.row";
        PROBE.awaitCount("LOOKER_EVENTS", rows, 2, Duration.ofSeconds(10));
        List<MessageInfo> events = PROBE.messages("LOOKER_EVENTS", rows);
        events.add(PROBE.messages("LOOKER_EVENTS", "looker.looker_push.Sales___Year_to_Date.summary").get(0));
        assertThat(events).allSatisfy(event -> assertThat(event.getHeaders().getFirst("ce-traceparent"))
                .as("the request's trace, a span of the bridge").startsWith("00-" + TRACE_ID + "-")
                .doesNotEndWith("-00f067aa0ba902b7-01"));
        assertThat(timer("bridge.run", "looker-webhook").tag("source", "push").tag("outcome", "complete").timers()).hasSize(1);
        assertThat(meters.get("bridge.rows.published").tag("route", "looker-webhook").counter().count()).isEqualTo(2);
    }

    @Test
    void everyMetricTheAlertRulesAndTheDashboardUseIsExported() throws Exception {
        RouteRuns.runOnce(camel, "observed-again");
        RouteRuns.runOnce(camel, "observed-missing-again");
        String exported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        Set<String> used = new TreeSet<>();
        JsonNode rules = new YAMLMapper().readTree(Path.of("docs/monitoring/alerts.yaml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> used.addAll(metricNames(rule.path("expr").asString()))));
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs/monitoring/dashboard.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> used.addAll(metricNames(target.path("expr").asString()))));
        dashboard.path("templating").path("list").forEach(variable -> used.addAll(metricNames(variable.path("query").asString(""))));

        assertThat(used).as("metrics the rules and the dashboard use").hasSizeGreaterThan(10);
        assertThat(used).allSatisfy(name -> assertThat(exported).as("/actuator/prometheus").containsPattern("(?m)^" + name + "[{ ]"));
    }

    private static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b(?:bridge|looker)_[a-z0-9_]+\\b").matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private double staleness(String route) {
        return meters.get("bridge.route.staleness").tag("route", route).gauge().value();
    }

    private Search timer(String name, String route) {
        return meters.find(name).tag("route", route);
    }

    private static String example(String name) throws Exception {
        try (InputStream in = ObservabilityEndToEndTest.class.getResourceAsStream("/looker-examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
