package io.github.lookernats.camel.looker.client;

import io.github.lookernats.bridge.looker.LookerProperties;


import io.github.lookernats.camel.looker.ResultFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.emulator.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a query task run ends in each of Looker's ways, against the emulator: which exception (and so whether the
 * route retries the run), and whether the task is killed so that no query is left running.
 */
class QueryTasksTest {

    private static final LookerEmulator LOOKER = LookerEmulator.start();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "aogBgL6o3cKK1jN3RoZl5s";

    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final QueryTasks tasks = queryTasks(Duration.ofSeconds(1), shuttingDown);

    @AfterEach
    void resetLooker() {
        LOOKER.reset();
    }

    @AfterAll
    static void stopLooker() {
        LOOKER.close();
    }

    @Test
    void aCompleteTaskServesItsResults() throws Exception {
        try (InputStream results = tasks.run(QUERY, "1", ResultFormat.JSON, 5)) {
            assertThat(JSON.readTree(results)).hasSize(5);
        }
        assertThat(kills()).isEmpty();
    }

    @Test
    void aTaskLookerNoLongerKnowsIsRetriedAsANewRun() {
        LOOKER.enqueueFault(Fault.status("/api/4.0/query_tasks/", 404));

        assertThatThrownBy(() -> tasks.run(QUERY, "1", ResultFormat.JSON, 5))
                .isExactlyInstanceOf(LookerUnavailableException.class)
                .hasMessageContaining("no longer known to Looker")
                // the route's error handler matches the innermost cause: a LookerRequestException there is not retried
                .hasNoCause();
        assertThat(kills()).as("Looker no longer runs it").isEmpty();
    }

    @Test
    void aSlowQueryIsKilledAtTheDeadlineAndNotRetried() {
        LOOKER.queryTaskRunningChecks(10_000);

        assertThatThrownBy(() -> tasks.run(QUERY, "1", ResultFormat.JSON, 5))
                .isInstanceOf(QueryTaskTimeoutException.class)
                .hasMessageContaining("did not complete within PT1S (last status 'running')");
        assertThat(kills()).hasSize(1).allSatisfy(kill -> assertThat(kill.status()).isEqualTo(204));
    }

    @Test
    void statusChecksLookerNeverAnswersAreAnOutageAndRetried() {
        for (int i = 0; i < 100; i++) {
            LOOKER.enqueueFault(Fault.status("/api/4.0/query_tasks/", 503));
        }

        assertThatThrownBy(() -> tasks.run(QUERY, "1", ResultFormat.JSON, 5))
                .isExactlyInstanceOf(LookerUnavailableException.class)
                .hasMessageContaining("did not answer the status checks");
        assertThat(kills()).hasSize(1);
    }

    @Test
    void shuttingDownEndsTheWaitAndKillsTheTask() {
        LOOKER.queryTaskRunningChecks(10_000);
        QueryTasks patient = queryTasks(Duration.ofMinutes(10), shuttingDown);
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> shuttingDown.set(true));

        long started = System.nanoTime();
        assertThatThrownBy(() -> patient.run(QUERY, "1", ResultFormat.JSON, 5))
                .isExactlyInstanceOf(LookerUnavailableException.class)
                .hasMessageContaining("the bridge is shutting down");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(kills()).hasSize(1);

        assertThatThrownBy(() -> patient.run(QUERY, "1", ResultFormat.JSON, 5)).hasMessageContaining("shutting down");
        assertThat(LOOKER.requests().stream().filter(r -> r.path().equals("/api/4.0/query_tasks"))).as("no task starts while stopping").hasSize(1);
    }

    private static List<RecordedRequest> kills() {
        return LOOKER.requests().stream().filter(r -> r.method().equals("DELETE") && r.path().startsWith("/api/4.0/running_queries/"))
                .toList();
    }

    private static QueryTasks queryTasks(Duration timeout, AtomicBoolean shuttingDown) {
        LookerProperties settings = new LookerProperties(URI.create(LOOKER.baseUrl()), LOOKER.clientId(), LOOKER.clientSecret(),
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1), 5000,
                new LookerProperties.Retry(0, Duration.ofMillis(10), 2, Duration.ofSeconds(1)),
                new LookerProperties.QueryTask(Duration.ofMillis(20), Duration.ofMillis(100), timeout));
        HttpClient http = HttpClient.newHttpClient();
        LookerClient client = new LookerClient(settings.toApi(), http,
                new LookerSession(settings.toApi(), settings::clientId, settings::clientSecret, http, JSON, Clock.systemUTC(), new SimpleMeterRegistry()), JSON);
        return new QueryTasks(client, settings.toApi().queryTask(), JSON, shuttingDown::get);
    }
}
