package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.LISTED;
import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.UNLISTED_REQUESTS;
import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.origin;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.DEAD_LETTERS;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.HTTP;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.WAIT;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.excerpt;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A bounded, deterministic fuzz suite for the push endpoints, in the normal test run: a few thousand deliveries built
 * from the shared Looker examples ({@code src/test/resources/looker-examples}) and from the delivery shapes of
 * {@link io.github.lookernats.bridge.push.PushEndToEndTest PushEndToEndTest} and
 * {@link io.github.lookernats.bridge.push.HostileInputTest HostileInputTest} (webhook and Action Hub {@code execute} for the actions
 * {@code nats} and {@code nats_stream}; csv, json, json_detail, inline_json and csv_zip attachments, inline rows,
 * cells, streaming {@code download_url}s), each mutated (byte flips, truncation, duplicated spans, invalid UTF-8,
 * JSON values changed to another type, keys deleted or renamed, huge, negative, non-ASCII and control-character
 * strings, numbers at the edges, ids with path characters, broken base64 and zips, CSV with unbalanced quotes and
 * ragged rows, download_url variations, wrong content types and tokens) and sent over real HTTP to a running bridge
 * that publishes to a real nats-server. Every {@code download_url} points at 127.0.0.1 only (or at no host at all).
 *
 * <p>Reproducing: the run prints its seed; {@code -Dfuzz.seed=<seed>} replays a run, {@code -Dfuzz.count=<n>}
 * changes the number of cases, {@code -Dfuzz.case=<i>[,<j>…]} sends only those cases of the seed (each case draws
 * from its own generator, {@code seed} mixed with its index, so it is the same alone as within the run),
 * {@code -Dfuzz.verbose=true} prints every case and its answer, {@code -Dfuzz.maxFailures=<n>} (25) stops the run
 * after that many failures. A failure names the seed, the case index, the mutations applied, the request and the
 * answer. Example: {@code mvn test -Dtest=PushFuzzTest -Dfuzz.seed=5 -Dfuzz.case=810}.
 *
 * <p>What every case must satisfy (the answers are those of {@link io.github.lookernats.bridge.push.PushController PushController}):
 * <ul>
 *   <li>No 5xx. The only documented one, 503 "not stored, please retry", means not even the dead letter could be
 *       stored; NATS is up for the whole run, so it counts as a failure here.</li>
 *   <li>The body is a JSON object with no stack trace in it (no {@code \tat }, {@code at java.}, nor a
 *       {@code Name.method(File.java:12)} frame).</li>
 *   <li>Refused before the body is read, so neither published nor dead-lettered: 401 (webhook token), 403 (Action
 *       Hub secret), 404 (unknown action), 415 (Content-Type not the media type {@code application/json}, any case,
 *       parameters allowed: {@code application/json-seq} or {@code application/jsonx} are refused), 429 (memory budget; never
 *       expected here, cases run one at a time) and 413 that names {@code bridge.push.max-body-size} (body too
 *       large). Each only when the case asked for it, in the controller's order: secret, action, content type,
 *       size.</li>
 *   <li>Every other 4xx (400 malformed, 413 input limit, 422 unsupported) says the delivery was stored in the
 *       dead-letter stream, and exactly one letter was added on {@code looker-dlq.<route>} of
 *       {@code LOOKER_DEAD_LETTERS} ({@code looker-webhook}, {@code action-nats}, {@code action-nats_stream}).</li>
 *   <li>202 {@code deadLettered: true} (webhook) and 200 {@code looker.success: false} (Action Hub): the delivery
 *       could not be published; exactly one letter was added on the route's subject, and no summary was
 *       published.</li>
 *   <li>200 {@code looker.success: true}: exactly one summary event was published for the run, it is stored in
 *       {@code LOOKER_EVENTS} (as a new message, or de-duplicated against an identical earlier one), the rows
 *       published with its run id number its {@code rowCount}, the webhook's {@code events} is that plus one, no
 *       letter was added, and a success with no rows at all is only right when the input holds an empty result
 *       (a CSV header alone, {@code []}, or a json_detail with {@code "data": []}).</li>
 *   <li>The rows stored are the rows sent, where the input can be read independently: JSON rows (inline, text
 *       attachment, served download) with numbers compared by exact value; CSV tables that are strictly RFC 4180,
 *       read by the suite's own parser ({@link StrictCsv}). A CSV row's {@code numbers} hold only values its cells show (one sign, an
 *       optional currency symbol, thousands separators).</li>
 *   <li>Every published event (row or summary) matches its schema in {@code docs/events}; the host that is not
 *       listed in {@code bridge.push.download-allowed-origins} is never fetched; health answers 200 every
 *       {@value #HEALTH_EVERY} cases and at the end, and a plain delivery still succeeds at the end.</li>
 * </ul>
 *
 * <p>Known failures are listed, each with its reason, in {@link #KNOWN_ISSUES}: they are counted and printed, not
 * failed. Everything else fails the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camel.main.routes-include-pattern=classpath:routes/none.camel.yaml",
                "bridge.push.max-body-size=256KB",
                "bridge.push.download-idle-timeout=1s",
                "bridge.push.download-timeout=5s",
                // low limits, so that small fuzzed inputs reach them
                "bridge.push.limits.max-columns=200",
                "bridge.push.limits.max-cell-size=16KB",
                "bridge.push.limits.max-row-size=64KB",
                "bridge.push.limits.max-zip-entries=8",
                "bridge.push.limits.max-inflated-entry-size=1MB",
                "bridge.push.limits.max-inflated-size=2MB",
                "bridge.dead-letter.max-inline-size=64KB"})
@DirtiesContext
class PushFuzzTest {

    static final long DEFAULT_SEED = 0x5EED_F022_2026L;
    static final int DEFAULT_COUNT = 2000;
    static final int HEALTH_EVERY = 250;

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());

    // --- known failures --------------------------------------------------------------------------------------

    /**
     * Cases that break a rule for a reason already recorded, so that the suite stays green and honest: each is
     * counted and printed (with one reproducer) at the end of the run, and nothing else is excused.
     */
    static final Map<String, Predicate<Finding>> KNOWN_ISSUES = new LinkedHashMap<>();

    static {
        // Empty: the cases this suite found (unreadable attachments and downloads answered success with 0 rows,
        // dead letters refused for a lone surrogate in a header, UTF-8 above U+10FFFF, inline numbers rounded to
        // doubles, "-$-5" read as 5) are fixed. Add a case here only with its reason and an issue.
    }

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("bridge.push.download-allowed-origins", () -> origin(LISTED));
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() throws Exception {
        DownloadTraps.stop();
        PROBE.close();
        LOOKER.close();
        NATS.close();
    }

    @Test
    void fuzzedDeliveriesAreStoredOrDeadLetteredNeverLostNorAnswered5xx() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
        int maxFailures = Integer.getInteger("fuzz.maxFailures", 25);
        List<Integer> indices = caseIndices(count);
        System.out.printf("PushFuzzTest: seed=%d count=%d%s (replay: -Dfuzz.seed=%d -Dfuzz.count=%d)%n", seed, count,
                System.getProperty("fuzz.case") == null ? "" : " cases=" + indices, seed, count);
        awaitHealthy();

        try (Connection nats = Nats.connect(NATS.url()); EventObserver observer = new EventObserver(nats)) {
            RunStats stats = new RunStats();
            List<String> failures = new ArrayList<>();
            Map<String, List<Finding>> known = new LinkedHashMap<>();
            KNOWN_ISSUES.keySet().forEach(name -> known.put(name, new ArrayList<>()));
            Map<String, Long> letters = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            int sent = 0;
            for (int index : indices) {
                long generating = System.nanoTime();
                FuzzCase fuzzCase = new CaseGenerator(seed, index, port, LOOKER).generate();
                stats.time("generate", System.nanoTime() - generating);
                List<Finding> findings = run(fuzzCase, observer, letters, stats);

                for (Finding finding : findings) {
                    String excuse = KNOWN_ISSUES.entrySet().stream().filter(issue -> issue.getValue().test(finding))
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    if (excuse != null) {
                        known.get(excuse).add(finding);
                    } else {
                        failures.add(finding.describe(seed));
                    }
                }
                if (++sent % HEALTH_EVERY == 0) {
                    assertThat(health()).as("health after %d cases", sent).isEqualTo(200);
                }
                if (failures.size() >= maxFailures) {
                    failures.add("... stopped after " + maxFailures + " failures (-Dfuzz.maxFailures)");
                    break;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            // the bridge still serves: health, and a plain delivery is stored
            assertThat(health()).as("health at the end").isEqualTo(200);
            FuzzCase control = new CaseGenerator(seed, -1, port, LOOKER).control();
            List<Finding> afterwards = run(control, observer, letters, stats);
            afterwards.forEach(finding -> failures.add("control delivery after the run: " + finding.describe(seed)));
            if (UNLISTED_REQUESTS.get() != 0) {
                failures.add("the unlisted host was fetched " + UNLISTED_REQUESTS.get() + " times");
            }

            System.out.printf("PushFuzzTest: %d cases in %.1f s (%.1f ms each)%n%s", sent, seconds,
                    sent == 0 ? 0 : seconds * 1000 / sent, stats);
            known.forEach((name, hits) -> {
                System.out.printf("PushFuzzTest: %s: %d case(s)%n", name, hits.size());
                hits.stream().limit(3).forEach(hit -> System.out.println("    e.g. " + hit.describe(seed)));
            });
            assertThat(failures).as("fuzz failures (seed %d; replay one with -Dfuzz.seed=%d -Dfuzz.case=<index>)",
                    seed, seed).isEmpty();
        }
    }

    // --- one case --------------------------------------------------------------------------------------------

    private List<Finding> run(FuzzCase fuzzCase, EventObserver observer, Map<String, Long> letters, RunStats stats)
            throws Exception {
        long t0 = System.nanoTime();
        CaseInput input = CaseInput.of(fuzzCase);
        String route = fuzzCase.route();
        long lettersBefore = route == null ? 0 : letters.computeIfAbsent(route, r -> PROBE.count(DEAD_LETTERS, "looker-dlq." + r));
        long t1 = System.nanoTime();
        Answer answer = send(fuzzCase);
        long t2 = System.nanoTime();
        List<Message> published = new ArrayList<>(observer.sinceLastCase());
        long t3 = System.nanoTime();
        long lettersAfter = route == null ? 0 : PROBE.count(DEAD_LETTERS, "looker-dlq." + route);
        if (route != null) {
            letters.put(route, lettersAfter);
        }
        long t4 = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        AnswerJudge judge = new AnswerJudge(fuzzCase, input, answer, findings);
        judge.check(published, lettersAfter - lettersBefore, observer);
        long t5 = System.nanoTime();
        stats.time("input", t1 - t0);
        stats.time("http", t2 - t1);
        stats.time("barrier", t3 - t2);
        stats.time("letters", t4 - t3);
        stats.time("judge", t5 - t4);
        stats.count(fuzzCase, answer, findings);
        if (Boolean.getBoolean("fuzz.verbose")) {
            System.out.printf("case %d: %s %s -> %d %s %s%n", fuzzCase.index(), fuzzCase.base(), fuzzCase.steps(),
                    answer.status(), excerpt(answer.body().getBytes(StandardCharsets.UTF_8), 160),
                    findings.isEmpty() ? "ok" : findings.stream().map(f -> f.kind().name()).toList());
        }
        return findings;
    }

    private Answer send(FuzzCase fuzzCase) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + fuzzCase.path()))
                .timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
        if (fuzzCase.contentType() != null) {
            request.header("Content-Type", fuzzCase.contentType());
        }
        fuzzCase.headers().forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Answer(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
    // --- plumbing --------------------------------------------------------------------------------------------

    private static List<Integer> caseIndices(int count) {
        String only = System.getProperty("fuzz.case");
        if (only != null && !only.isBlank()) {
            return java.util.Arrays.stream(only.split(",")).map(String::strip).map(Integer::valueOf).toList();
        }
        List<Integer> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(i);
        }
        return all;
    }

    private void awaitHealthy() {
        Awaitility.await("bridge health").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> health() == 200);
    }

    private int health() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
