package io.github.lookernats.bridge;

import io.github.lookernats.bridge.support.RouteRuns;

import static io.github.lookernats.bridge.support.JetStreamProbe.assertCloudEvent;
import static io.github.lookernats.bridge.support.JetStreamProbe.assertNoCamelHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.emulator.RecordedRequest;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.nats.StreamProvisioner;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Polls the Looker emulator and checks what lands in a real nats-server's JetStream, route by route
 * (routes in {@code src/test/resources/routes/e2e.camel.yaml}; each test starts its own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@AutoConfigureTestRestTemplate
@DirtiesContext
class LookerPollEndToEndTest {

    static final String EVENTS = "LOOKER_EVENTS";
    static final String DEAD_LETTERS = "LOOKER_DEAD_LETTERS";
    static final String ROW_TYPE = "io.github.lookernats.looker.row.v1";
    static final String SUMMARY_TYPE = "io.github.lookernats.looker.summary.v1";
    static final Duration WAIT = Duration.ofSeconds(30);

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("camel.main.routes-include-pattern", () -> "classpath:routes/e2e.camel.yaml");
        registry.add("bridge.looker.query-task.first-check", () -> "50ms");
        registry.add("bridge.looker.query-task.max-check-interval", () -> "200ms");
        registry.add("bridge.looker.query-task.timeout", () -> "2s");
        registry.add("bridge.looker.read-idle-timeout", () -> "1s");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    TestRestTemplate http;

    @Autowired
    StreamProvisioner streams;

    @AfterEach
    void stopPollingAndResetLooker() throws Exception {
        for (String routeId : List.of("look-orders", "inline-inventory", "revenue-detail", "look-retry-after",
                "look-server-errors", "look-malformed", "look-dedupe", "saved-query", "look-async", "query-async-detail")) {
            camel.getRouteController().stopRoute(routeId);
        }
        LOOKER.reset();
    }

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.assertEventsMatchSchemasThenClose(LOOKER, NATS);
    }

    @Test
    void lookRowsAndSummaryArriveAsCloudEventsOnModelAndExploreSubjects() throws Exception {
        run("look-orders", "looker.thelook.orders.summary");

        PROBE.awaitCount(EVENTS, "looker.thelook.orders.row", 5, WAIT);
        List<MessageInfo> rows = PROBE.messages(EVENTS, "looker.thelook.orders.row");
        for (MessageInfo row : rows) {
            assertCloudEvent(row, ROW_TYPE);
            assertNoCamelHeaders(row);
            assertThat(row.getHeaders().getFirst("ce-source")).isEqualTo(LOOKER.baseUrl() + "/looks/1");
            assertThat(row.getHeaders().getFirst("ce-lookermodel")).isEqualTo("thelook");
            assertThat(row.getHeaders().getFirst("ce-lookerexplore")).isEqualTo("orders");
        }
        JsonNode first = JSON.readTree(rows.get(0).getData());
        assertThat(first.path("index").asLong()).isZero();
        assertThat(first.path("row").has("orders.status")).isTrue();
        assertThat(first.path("row").has("orders.count")).isTrue();

        MessageInfo summary = PROBE.messages(EVENTS, "looker.thelook.orders.summary").get(0);
        assertCloudEvent(summary, SUMMARY_TYPE);
        assertNoCamelHeaders(summary);
        JsonNode data = JSON.readTree(summary.getData());
        assertThat(data.path("status").asText()).isEqualTo("complete");
        assertThat(data.path("rowCount").asLong()).isEqualTo(5);
        assertThat(data.path("fields")).extracting(JsonNode::toString).asString().contains("orders.status", "orders.count");
        assertThat(data.path("source").path("kind").asText()).isEqualTo("look");
        assertThat(data.path("source").path("id").asText()).isEqualTo("1");
        assertThat(data.path("source").path("title").asText()).isEqualTo("Orders by status");
        assertThat(data.path("model").asText()).isEqualTo("thelook");
        assertThat(data.path("explore").asText()).isEqualTo("orders");
        assertThat(data.path("fingerprint").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(data.path("startedAt").asText()).isNotBlank();
        assertThat(data.path("durationMs").asLong()).isNotNegative();
        assertThat(summary.getHeaders().getFirst("ce-runid")).isEqualTo(data.path("runId").asText());
    }

    @Test
    void inlineQueryIsPostedAndSubjectTokensAreSanitised() throws Exception {
        String subject = "looker.thelook.inventory_items__.summary";
        run("inline-inventory", subject);

        PROBE.awaitCount(EVENTS, "looker.thelook.inventory_items__.row", 25, WAIT);
        MessageInfo row = PROBE.messages(EVENTS, "looker.thelook.inventory_items__.row").get(0);
        assertCloudEvent(row, ROW_TYPE);
        assertThat(row.getHeaders().getFirst("ce-source")).startsWith(LOOKER.baseUrl() + "/queries/inline/");
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, subject).get(0).getData());
        assertThat(summary.path("source").path("kind").asText()).isEqualTo("inline_query");
        assertThat(summary.path("rowCount").asLong()).isEqualTo(25);
        assertThat(LOOKER.requests()).anyMatch(r -> r.method().equals("POST") && r.path().equals("/api/4.0/queries/run/json"));
    }

    @Test
    void savedQueryRunsBySlug() throws Exception {
        run("saved-query", "looker.thelook.saved_query.summary");
        assertThat(LOOKER.requestCount("/api/4.0/queries/aogBgL6o3cKK1jN3RoZl5s/run/json")).isPositive();
        PROBE.awaitCount(EVENTS, "looker.thelook.saved_query.row", 5, WAIT);
    }

    @Test
    void tokenRefusedInTheMiddleOfARunLogsInAgainAndCompletes() throws Exception {
        int loginsBefore = LOOKER.loginCount();
        LOOKER.enqueueFault(Fault.status("/api/4.0/looks/2/run", 401));

        run("revenue-detail", "looker.thelook.order_items.summary");

        assertThat(LOOKER.loginCount()).isGreaterThan(loginsBefore);
        List<RecordedRequest> runs = LOOKER.requests().stream().filter(r -> r.path().startsWith("/api/4.0/looks/2/run")).toList();
        assertThat(runs.get(0).status()).isEqualTo(401);
        assertThat(runs.get(1).status()).isEqualTo(200);
        assertThat(runs.get(1).authorization()).isNotEqualTo(runs.get(0).authorization());
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.order_items.summary").get(0).getData());
        assertThat(summary.path("format").asText()).isEqualTo("json_detail");
        assertThat(summary.path("rowCount").asLong()).isEqualTo(30);
        PROBE.awaitCount(EVENTS, "looker.thelook.order_items.row", 30, WAIT);
        JsonNode row = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.order_items.row").get(0).getData());
        assertThat(row.path("row").path("order_items.total_sale_price").has("value")).isTrue();
    }

    @Test
    void tokenThatExpiresDuringAResultIsRenewedForTheNextCall() throws Exception {
        LOOKER.enqueueFault(Fault.expireTokenAfterRows("/api/4.0/looks/1/run", 2));
        int loginsBefore = LOOKER.loginCount();

        camel.getRouteController().startRoute("look-orders");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> LOOKER.requests().stream()
                .anyMatch(r -> r.status() == 401) && LOOKER.loginCount() > loginsBefore
                && LOOKER.requestCount("/api/4.0/looks/1/run") >= 2);
        camel.getRouteController().stopRoute("look-orders");

        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.look-orders")).isZero();
        PROBE.awaitCount(EVENTS, "looker.thelook.orders.row", 5, WAIT);
    }

    @Test
    void rateLimitHonoursRetryAfter() throws Exception {
        LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 429, Duration.ofSeconds(2)));

        RouteRuns.runOnce(camel, "look-once"); // one run, retries included: the summary of an earlier test cannot end it early

        List<RecordedRequest> runs = LOOKER.requests().stream().filter(r -> r.path().startsWith("/api/4.0/looks/1/run")).toList();
        assertThat(runs.get(0).status()).isEqualTo(429);
        assertThat(runs.get(1).status()).isEqualTo(200);
        // the configured backoff is 100 ms; only Retry-After explains a two-second gap
        assertThat(Duration.between(runs.get(0).at(), runs.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        PROBE.awaitCount(EVENTS, "looker.thelook.once.row", 5, WAIT);
        assertThat(PROBE.count(EVENTS, "looker.thelook.once.summary")).isEqualTo(1);
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.look-once")).isZero();
    }

    @Test
    void rateLimitWithoutRetryAfterBacksOffExponentially() throws Exception {
        LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 429));
        LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 429));

        camel.getRouteController().startRoute("look-retry-after");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> runsOfLookOne().stream().anyMatch(r -> r.status() == 200));
        camel.getRouteController().stopRoute("look-retry-after");

        List<RecordedRequest> runs = runsOfLookOne();
        assertThat(runs).extracting(RecordedRequest::status).startsWith(429, 429, 200);
        // configured: 100 ms, doubling
        assertThat(Duration.between(runs.get(0).at(), runs.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(Duration.between(runs.get(1).at(), runs.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.look-retry-after")).isZero();
    }

    private static List<RecordedRequest> runsOfLookOne() {
        return LOOKER.requests().stream().filter(r -> r.path().startsWith("/api/4.0/looks/1/run")).toList();
    }

    @Test
    void serverErrorsAreRetriedThenDeadLettered() throws Exception {
        for (int i = 0; i < 3; i++) {
            LOOKER.enqueueFault(Fault.status("/api/4.0/looks/1/run", 503));
        }

        camel.getRouteController().startRoute("look-server-errors");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.look-server-errors", 1, WAIT);
        camel.getRouteController().stopRoute("look-server-errors");

        MessageInfo letter = PROBE.messages(DEAD_LETTERS, "looker-dlq.look-server-errors").get(0);
        JsonNode body = JSON.readTree(letter.getData());
        assertThat(body.path("attempts").asInt()).isEqualTo(3);
        assertThat(body.path("exception").path("class").asText()).endsWith("LookerUnavailableException");
        assertThat(body.path("exception").path("message").asText()).contains("503");
        assertThat(body.path("route").asText()).isEqualTo("look-server-errors");
        assertThat(body.path("kind").asText()).isEqualTo("poll");
        assertThat(body.path("input").path("lookId").asText()).isEqualTo("1");
        assertThat(body.path("failedAt").asText()).isNotBlank();
        assertThat(letter.getHeaders().getFirst("Bridge-Attempts")).isEqualTo("3");
        assertThat(LOOKER.requests().stream().filter(r -> r.path().startsWith("/api/4.0/looks/1/run") && r.status() == 503))
                .hasSize(3);
    }

    @Test
    void malformedResultIsDeadLetteredWithAClearErrorAndNoSummary() throws Exception {
        LOOKER.enqueueFault(Fault.malformedAfterRows("/api/4.0/looks/3/run", 4));

        camel.getRouteController().startRoute("look-malformed");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.look-malformed", 1, WAIT);
        camel.getRouteController().stopRoute("look-malformed");

        JsonNode body = JSON.readTree(PROBE.messages(DEAD_LETTERS, "looker-dlq.look-malformed").get(0).getData());
        // a result the input makes unreadable: RejectedInputException, a LookerResultException
        assertThat(body.path("exception").path("class").asText()).endsWith("RejectedInputException");
        assertThat(body.path("exception").path("message").asText()).startsWith("Malformed Looker result after 4 rows");
        assertThat(body.path("attempts").asInt()).isEqualTo(1);
        assertThat(body.path("rowsReadBeforeFailure").asLong()).isEqualTo(4);
        assertThat(body.path("kind").asText()).isEqualTo("poll");
        // the failed run published no summary; later runs (no fault) complete normally
        List<MessageInfo> summaries = PROBE.messages(EVENTS, "looker.thelook.malformed.summary");
        assertThat(summaries).allSatisfy(s -> assertThat(JSON.readTree(s.getData()).path("rowCount").asLong()).isEqualTo(20));
    }

    @Test
    void resultThatStallsMidBodyIsCutOffAndDeadLettered() throws Exception {
        // Looker (or a proxy) stops sending after 4 rows and keeps the connection open: the JDK client's request
        // timeout has ended with the headers, so only the bridge's idle timeout ends the run and frees the Quartz job
        LOOKER.enqueueFault(Fault.stallAfterRows("/api/4.0/looks/3/run", 4, Duration.ofSeconds(30)));

        camel.getRouteController().startRoute("look-stalled");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.look-stalled", 1, WAIT);
        // the scheduler is free again: the next runs (no fault) complete
        PROBE.awaitCount(EVENTS, "looker.thelook.stalled.summary", 1, WAIT);
        camel.getRouteController().stopRoute("look-stalled");

        JsonNode body = JSON.readTree(PROBE.messages(DEAD_LETTERS, "looker-dlq.look-stalled").get(0).getData());
        assertThat(body.path("exception").path("class").asString()).endsWith("LookerResultException");
        assertThat(body.path("exception").path("message").asString()).contains("Looker's result sent no data for 1 s");
        assertThat(body.path("rowsReadBeforeFailure").asLong()).isBetween(0L, 4L);
    }

    @Test
    void anEventJetStreamWillNotTakeDeadLettersTheWholeRun() throws Exception {
        try (Connection admin = Nats.connect(NATS.url())) {
            admin.jetStreamManagement().deleteStream(EVENTS);
            try {
                camel.getRouteController().startRoute("saved-query");
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> PROBE.count(DEAD_LETTERS, "looker-dlq.saved-query") >= 1);
                camel.getRouteController().stopRoute("saved-query");
            } finally {
                streams.provision(admin);
            }
        }
        JsonNode letter = JSON.readTree(PROBE.messages(DEAD_LETTERS, "looker-dlq.saved-query").get(0).getData());
        assertThat(letter.path("kind").asText()).isEqualTo("poll");
        assertThat(letter.path("rowsReadBeforeFailure").asLong()).as("the split may read ahead").isBetween(1L, 5L);
        assertThat(letter.path("exception").path("message").asText()).isNotBlank();
    }

    @Test
    void rerunningTheSameResultStoresNothingTwice() throws Exception {
        int runsBefore = LOOKER.requestCount("/api/4.0/looks/1/run");
        camel.getRouteController().startRoute("look-dedupe");
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> LOOKER.requestCount("/api/4.0/looks/1/run") >= runsBefore + 3);
        camel.getRouteController().stopRoute("look-dedupe");

        assertThat(PROBE.count(EVENTS, "looker.thelook.dedupe.row")).isEqualTo(5);
        assertThat(PROBE.count(EVENTS, "looker.thelook.dedupe.summary")).isEqualTo(1);
    }

    @Test
    void anAsyncLookRunsAsAQueryTaskAndPublishesEveryRow() throws Exception {
        runUntilTaskResultsAreServed("look-async");

        assertThat(PROBE.count(EVENTS, "looker.thelook.async.row")).isEqualTo(200);
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.async.summary").get(0).getData());
        assertThat(summary.path("rowCount").asLong()).isEqualTo(200);
        assertThat(summary.path("status").asText()).isEqualTo("complete");
        assertThat(LOOKER.requestCount("/api/4.0/looks/3/run")).as("no synchronous run").isZero();
        List<RecordedRequest> tasks = LOOKER.requests().stream().filter(r -> r.path().startsWith("/api/4.0/query_tasks")).toList();
        assertThat(tasks).first().satisfies(create -> {
            assertThat(create.method()).isEqualTo("POST");
            assertThat(create.query()).contains("limit=200");
        });
        assertThat(tasks).anySatisfy(check -> assertThat(check.path()).matches("/api/4.0/query_tasks/\\w+"));
        assertThat(tasks).anySatisfy(results -> assertThat(results.path()).endsWith("/results"));
    }

    @Test
    void aQueryTaskThatFailsInLookerIsDeadLetteredWithLookersMessageAndNoSummary() throws Exception {
        LOOKER.endNextQueryTask("error");

        camel.getRouteController().startRoute("query-async-detail");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.query-async-detail", 1, WAIT);
        camel.getRouteController().stopRoute("query-async-detail");

        JsonNode letter = JSON.readTree(PROBE.messages(DEAD_LETTERS, "looker-dlq.query-async-detail").get(0).getData());
        assertThat(letter.path("exception").path("class").asText()).endsWith("LookerRequestException");
        assertThat(letter.path("exception").path("message").asText()).contains("Unknown column");
        assertThat(letter.path("attempts").asInt()).as("a failed query is not retried").isEqualTo(1);
        assertThat(letter.path("input").path("async").asBoolean()).isTrue();
        assertThat(PROBE.messages(EVENTS, "looker.thelook.async_detail.summary"))
                .allSatisfy(s -> assertThat(JSON.readTree(s.getData()).path("rowCount").asLong()).isEqualTo(30));
    }

    @Test
    void aQueryTaskPastItsDeadlineIsKilledAndDeadLetteredWithoutRetries() throws Exception {
        LOOKER.queryTaskRunningChecks(10_000);

        camel.getRouteController().startRoute("look-async");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.look-async", 1, WAIT);
        camel.getRouteController().stopRoute("look-async");

        JsonNode letter = JSON.readTree(PROBE.messages(DEAD_LETTERS, "looker-dlq.look-async").get(0).getData());
        assertThat(letter.path("exception").path("class").asText()).endsWith("QueryTaskTimeoutException");
        assertThat(letter.path("exception").path("message").asText()).contains("did not complete within PT2S", "it was killed");
        assertThat(letter.path("attempts").asInt()).as("a query that ran out of time is not run again").isEqualTo(1);
        // every task was killed at its deadline (the cron may have started another run meanwhile)
        List<RecordedRequest> kills = LOOKER.requests().stream()
                .filter(r -> r.method().equals("DELETE") && r.path().startsWith("/api/4.0/running_queries/")).toList();
        assertThat(kills).isNotEmpty().allSatisfy(kill -> assertThat(kill.status()).isEqualTo(204));
        assertThat(kills).hasSize((int) LOOKER.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/api/4.0/query_tasks")).count());
    }

    @Test
    void aStatusCheckThatFailsOnceIsCheckedAgainWithoutStartingASecondTask() throws Exception {
        LOOKER.enqueueFault(Fault.status("/api/4.0/query_tasks/", 503));
        long deadLettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.look-async");

        runUntilTaskResultsAreServed("look-async");

        List<RecordedRequest> requests = LOOKER.requests();
        String failedTask = requests.stream().filter(r -> r.status() == 503).findFirst().orElseThrow().path()
                .substring("/api/4.0/query_tasks/".length());
        assertThat(requests).as("the task whose check failed went on to serve its results")
                .anySatisfy(r -> assertThat(r.path()).isEqualTo("/api/4.0/query_tasks/" + failedTask + "/results"))
                .noneSatisfy(r -> assertThat(r.path()).isEqualTo("/api/4.0/running_queries/" + failedTask));
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.look-async")).isEqualTo(deadLettersBefore);
    }

    @Test
    void aQueryTaskLookerNoLongerKnowsIsRunAgainWithANewTask() throws Exception {
        LOOKER.enqueueFault(Fault.status("/api/4.0/query_tasks/", 404));
        long deadLettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.look-async");

        runUntilTaskResultsAreServed("look-async");

        assertThat(LOOKER.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/4.0/query_tasks")))
                .as("the unknown task, then a new one").hasSizeGreaterThanOrEqualTo(2);
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.look-async")).as("retried, not dead-lettered").isEqualTo(deadLettersBefore);
    }

    @Test
    void aQueryTaskWhoseResultsExpiredRunsAgain() throws Exception {
        LOOKER.endNextQueryTask("expired");
        long deadLettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.look-async");

        runUntilTaskResultsAreServed("look-async");

        assertThat(LOOKER.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/4.0/query_tasks")))
                .as("the expired task, then a new one").hasSizeGreaterThanOrEqualTo(2);
        assertThat(PROBE.count(EVENTS, "looker.thelook.async.row")).isEqualTo(200);
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq.look-async")).isEqualTo(deadLettersBefore);
    }

    @Test
    void healthShowsNatsAndLookerProbesAndPrometheusHasRouteMetrics() {
        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        JsonNode components = JSON.readTree(health.getBody()).path("components");
        assertThat(components.at("/nats/status").asString()).isEqualTo("UP");
        assertThat(components.at("/looker/status").asString()).isEqualTo("UP");

        // the Kubernetes probes (k8s/deployment.yaml): readiness follows NATS, liveness only the application
        ResponseEntity<String> readiness = http.getForEntity("/actuator/health/readiness", String.class);
        assertThat(readiness.getStatusCode().value()).isEqualTo(200);
        JsonNode readinessComponents = JSON.readTree(readiness.getBody()).path("components");
        assertThat(readinessComponents.at("/nats/status").asString()).isEqualTo("UP");
        assertThat(readinessComponents.has("looker")).isFalse();
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode().value()).isEqualTo(200);

        ResponseEntity<String> prometheus = http.getForEntity("/actuator/prometheus", String.class);
        assertThat(prometheus.getStatusCode().value()).isEqualTo(200);
        assertThat(prometheus.getBody()).contains("camel_exchanges_total", "routeId=\"look-orders\"");
    }

    /**
     * Starts the route, waits until Looker served a query task's results, and stops the route, which lets the run
     * finish. (Summaries are de-duplicated across tests, so their count cannot tell that this test's run ended.)
     */
    private void runUntilTaskResultsAreServed(String routeId) throws Exception {
        long deadLetters = PROBE.count(DEAD_LETTERS, "looker-dlq." + routeId);
        camel.getRouteController().startRoute(routeId);
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> LOOKER.requests().stream()
                    .anyMatch(r -> r.path().endsWith("/results") && r.status() == 200));
        } finally {
            camel.getRouteController().stopRoute(routeId);
        }
        assertNoNewDeadLetters(routeId, deadLetters);
    }

    /** Starts the route, waits for its first summary, stops it (which lets a run in progress finish). */
    private void run(String routeId, String summarySubject) throws Exception {
        long deadLetters = PROBE.count(DEAD_LETTERS, "looker-dlq." + routeId);
        camel.getRouteController().startRoute(routeId);
        try {
            PROBE.awaitCount(EVENTS, summarySubject, 1, WAIT);
        } finally {
            camel.getRouteController().stopRoute(routeId);
        }
        assertNoNewDeadLetters(routeId, deadLetters);
    }

    /** A run that published its summary must not fail afterwards (a later step of the route throwing, say). */
    private static void assertNoNewDeadLetters(String routeId, long before) throws Exception {
        assertThat(PROBE.count(DEAD_LETTERS, "looker-dlq." + routeId)).as("dead letters of " + routeId).isEqualTo(before);
    }
}
