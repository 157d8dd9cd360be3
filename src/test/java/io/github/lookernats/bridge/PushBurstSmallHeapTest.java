package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.FreePorts;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The security issue's memory test: twenty Looker webhook deliveries of about 20 MB each (a CSV export attached to
 * the delivery, as Looker sends it) arrive at the same moment at a bridge running in its own JVM with a 256 MB heap,
 * while a polling route keeps running. Every push is answered with 2xx, or with 429/503 and {@code Retry-After} (it
 * is not retried here: Looker would); whatever got 200 is in JetStream; the JVM did not run out of memory
 * ({@code -XX:+ExitOnOutOfMemoryError} would end it); and afterwards the bridge still takes a push and its scheduler
 * still polls. Timings and the heap's peak are printed, not asserted.
 *
 * <p>The admission budget ({@code bridge.push.limits.max-bytes-in-progress}, a quarter of the heap, three bytes per
 * body byte) takes one such push at a time; the others are refused before their body is read. A refused body must
 * still be read (and dropped) for the 429 to arrive: answered early, Tomcat closes the connection under the client
 * still writing, which sees a reset instead.
 */
class PushBurstSmallHeapTest {

    static final int PUSHES = 20;
    static final int BODY_BYTES = 20 * 1024 * 1024;
    static final String TOKEN = "burst-webhook-token";
    static final String EVENTS = "LOOKER_EVENTS";
    static final String PUSHED_SUMMARY = "looker.thelook.burst.summary";
    static final String SMALL_SUMMARY = "looker.thelook.after_burst.summary";
    static final String POLLED_SUMMARY = "looker.thelook.polled.summary";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twentyConcurrentTwentyMegabytePushesLeaveA256MegabyteBridgeServing() throws Exception {
        Path directory = Files.createTempDirectory("push-burst-");
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            Path gcLog = directory.resolve("gc.log");
            try (NatsTestServer nats = NatsTestServer.restartable(FreePorts.next(), Files.createDirectory(directory.resolve("jetstream")));
                    LookerEmulator looker = LookerEmulator.start().rowCount("1", 50);
                    JetStreamProbe probe = new JetStreamProbe(nats.url())) {
                int port = FreePorts.next();
                Process bridge = BridgeProcess.start(looker, nats.url(),
                        List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:-HeapDumpOnOutOfMemoryError",
                                "-Xlog:gc:file=" + gcLog),
                        BridgeProcess.lookRoute("burst-poll", "1", "polled", 2),
                        List.of("--server.port=" + port, "--bridge.push.webhook.token=" + TOKEN), directory);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(senders)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HeapSampler heap = new HeapSampler(http, port);
                try {
                    // up, and polling, before the burst
                    probe.awaitCount(EVENTS, POLLED_SUMMARY, 1, Duration.ofSeconds(60));
                    heap.start();

                    Burst burst = burst(http, port);

                    long peakDuringBurst = heap.peak();
                    burst.print(peakDuringBurst);
                    assertThat(bridge.isAlive()).as("bridge still running (no OutOfMemoryError exit)").isTrue();
                    assertThat(burst.failures()).as("pushes that got no HTTP answer at all").isEmpty();
                    burst.answers().forEach(answer -> assertThat(answer.acceptable())
                            .as("push %d answered %d with Retry-After %s", answer.push(), answer.status(), answer.retryAfter())
                            .isTrue());
                    long stored = burst.answers().stream().filter(answer -> answer.status() == 200).count();
                    assertThat(stored).as("pushes accepted and published").isPositive();
                    assertThat(probe.count(EVENTS, PUSHED_SUMMARY)).as("one summary per push answered 200").isEqualTo(stored);

                    // still serving: a small push, and the scheduler publishes a new summary once the Look changes
                    HttpResponse<String> small = http.send(push(port, smallDelivery()), HttpResponse.BodyHandlers.ofString());
                    assertThat(small.statusCode()).as("small push after the burst: %s", small.body()).isEqualTo(200);
                    assertThat(probe.count(EVENTS, SMALL_SUMMARY)).isEqualTo(1);
                    // one push under the configured 64 MB but over the heap's cap (a tenth of 256 MB): refused, not an
                    // OutOfMemoryError (parsed, it would hold about seven times its 40 MB)
                    // answered 413 before the body is read; Tomcat drops the rest (max-swallow-size), so the sender gets it
                    int bigStatus = http.send(push(port, HttpRequest.BodyPublishers.ofByteArray(new byte[40 * 1024 * 1024])),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                    assertThat(bigStatus).as("a 40 MB push to a 256 MB heap").isEqualTo(413);
                    assertThat(Files.readString(BridgeProcess.log(directory))).contains("is capped at");
                    looker.rowCount("1", 51);
                    probe.awaitCount(EVENTS, POLLED_SUMMARY, 2, Duration.ofSeconds(30));

                    assertThat(bridge.isAlive()).as("bridge still running (no OutOfMemoryError exit)").isTrue();
                    assertThat(Files.readString(BridgeProcess.log(directory))).doesNotContain("OutOfMemoryError");
                } finally {
                    heap.stop();
                    bridge.destroy();
                    if (!bridge.waitFor(30, TimeUnit.SECONDS)) {
                        bridge.destroyForcibly().waitFor();
                    }
                    System.out.printf("PushBurstSmallHeapTest: peak heap sampled from /actuator/prometheus %d MB; %s%n",
                            heap.peak() / (1024 * 1024), GcLog.summary(gcLog));
                    if (bridge.exitValue() != 143 && bridge.exitValue() != 0) {
                        System.out.printf("PushBurstSmallHeapTest: bridge exited with %d; last lines of its output:%n%s%n",
                                bridge.exitValue(), tail(BridgeProcess.log(directory), 40));
                    }
                }
            }
        } finally {
            senders.shutdownNow();
            TempFiles.deleteRecursively(directory);
        }
    }

    // --- the burst -------------------------------------------------------------------------------------------

    /** One push's outcome: an HTTP answer, or the exception that took its place. */
    record Answer(int push, int status, String retryAfter, long millis, String body) {

        boolean acceptable() {
            return status / 100 == 2 || (status == 429 || status == 503) && retryAfter != null && !retryAfter.isBlank();
        }
    }

    record Burst(List<Answer> answers, List<String> failures, long millis, int bodyBytes) {

        void print(long peakHeap) {
            Map<Integer, Long> byStatus = new TreeMap<>();
            answers.forEach(answer -> byStatus.merge(answer.status(), 1L, Long::sum));
            System.out.printf(Locale.ROOT, "PushBurstSmallHeapTest: %d concurrent pushes of %.1f MB answered in %d ms: %s; "
                    + "no answer: %d %s; peak heap sampled during the burst %d MB%n",
                    PUSHES, bodyBytes / 1024.0 / 1024.0, millis, byStatus, failures.size(), failures, peakHeap / (1024 * 1024));
            answers.stream().sorted(Comparator.comparingLong(Answer::millis)).forEach(answer -> System.out.printf(
                    "  push %2d: %d after %5d ms%s%n", answer.push(), answer.status(), answer.millis(),
                    answer.status() == 200 ? " " + answer.body() : answer.retryAfter() == null ? "" : " Retry-After " + answer.retryAfter()));
        }
    }

    /** Fires the twenty pushes at once and collects their answers as they come (no retries). */
    private static Burst burst(HttpClient http, int port) {
        byte[] rows = csvAttachmentTail();
        long start = System.nanoTime();
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            int push = i;
            long sent = System.nanoTime();
            HttpRequest request = push(port, HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(envelopeHead(9000 + push, "Order lines export " + push, "burst")),
                    HttpRequest.BodyPublishers.ofByteArray(rows)));
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> failure != null
                    ? "push " + push + ": " + failure
                    : new Answer(push, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                            (System.nanoTime() - sent) / 1_000_000, response.body())));
        }
        List<Answer> answers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Object> outcome : pending) {
            Object result = outcome.orTimeout(75, TimeUnit.SECONDS).exceptionally(timeout -> "no answer in 75 s: " + timeout).join();
            if (result instanceof Answer answer) {
                answers.add(answer);
            } else {
                failures.add(result.toString());
            }
        }
        int bodyBytes = envelopeHead(9000, "Order lines export 0", "burst").length + rows.length;
        return new Burst(answers, failures, (System.nanoTime() - start) / 1_000_000, bodyBytes);
    }

    private static HttpRequest push(int port, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .timeout(Duration.ofSeconds(75))
                .header("Content-Type", "application/json")
                .header("X-Looker-Webhook-Token", TOKEN)
                .POST(body).build();
    }

    private static HttpRequest.BodyPublisher smallDelivery() {
        String csv = "Orders Status,Orders Count\ncomplete,12\ncancelled,3\n";
        return HttpRequest.BodyPublishers.ofString(new String(envelopeHead(9999, "After the burst", "after_burst"),
                StandardCharsets.UTF_8) + JSON.writeValueAsString(csv) + "},\"data\":null,\"form_params\":{}}");
    }

    /**
     * Looker's webhook envelope up to the attachment's {@code data} value. Each push is its own scheduled plan, so
     * each accepted one stores its own rows and summary (ids cover the source).
     */
    private static byte[] envelopeHead(int planId, String title, String view) {
        return ("{\"type\":\"query\",\"scheduled_plan\":{\"scheduled_plan_id\":\"" + planId + "\",\"title\":\"" + title
                + "\",\"type\":\"Look\",\"url\":\"https://example.looker.com/looks/3\",\"query\":{\"model\":\"thelook\",\"view\":\""
                + view + "\"},\"download_url\":null},\"attachment\":{\"mimetype\":\"text/csv;charset=utf-8\","
                + "\"extension\":\"csv\",\"data\":").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The attachment's {@code data} (a CSV export of order lines, about {@link #BODY_BYTES}, escaped as a JSON string)
     * and the rest of the envelope. Built once; every push sends the same bytes after its own head.
     */
    private static byte[] csvAttachmentTail() {
        String[] cities = {"Los Angeles,California,USA", "São Paulo,São Paulo,Brasil", "Kraków,Małopolskie,Poland",
                "Osaka,大阪府,Japan", "Zürich,Zürich,Switzerland", "Chicago,Illinois,USA"};
        String[] products = {"\"Levi's Men's 501 Original Fit Jeans - Dark Stonewash\",Jeans,Levi's",
                "\"Columbia Women's Benton Springs Full Zip Fleece\",Outerwear & Coats,Columbia",
                "\"Smartwool Über-Cushion Hiking Crew Socks\",Socks,Smartwool",
                "\"Patagonia Nano Puff® Insulated Vest\",Outerwear & Coats,Patagonia"};
        String[] statuses = {"complete", "shipped", "processing", "cancelled", "returned"};
        StringBuilder csv = new StringBuilder(BODY_BYTES + 1024);
        csv.append("Order Items ID,Orders Created Date,Orders Status,Users Email,Users City,Users State,Users Country,"
                + "Products Name,Products Category,Products Brand,Order Items Sale Price,Order Items Quantity\n");
        for (long row = 0; csv.length() < BODY_BYTES - 400; row++) {
            csv.append(1_000_000 + row).append(',')
                    .append("2024-").append(String.format(Locale.ROOT, "%02d-%02d", 1 + row % 12, 1 + row % 28)).append(',')
                    .append(statuses[(int) (row % statuses.length)]).append(',')
                    .append("customer").append(row % 50_000).append("@example.com").append(',')
                    .append(cities[(int) (row % cities.length)]).append(',')
                    .append(products[(int) (row % products.length)]).append(',')
                    .append(String.format(Locale.ROOT, "%d.%02d", 5 + row % 300, row % 100)).append(',')
                    .append(1 + row % 4).append('\n');
        }
        return (JSON.writeValueAsString(csv.toString()) + "},\"data\":null,\"form_params\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    // --- watching the bridge --------------------------------------------------------------------------------

    /** Samples the bridge's heap in use (all heap pools) from its Prometheus endpoint, as the benchmark does. */
    static final class HeapSampler {

        private final HttpClient http;
        private final int port;
        private final AtomicLong peak = new AtomicLong();
        private ScheduledExecutorService timer;

        HeapSampler(HttpClient http, int port) {
            this.http = http;
            this.port = port;
        }

        void start() {
            timer = Executors.newSingleThreadScheduledExecutor();
            timer.scheduleWithFixedDelay(() -> peak.accumulateAndGet(heapUsed(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        }

        void stop() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }

        long peak() {
            return peak.get();
        }

        private long heapUsed() {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return 0;
                }
                return (long) response.body().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            } catch (Exception busyOrGone) {
                return 0;
            }
        }
    }

    /** The bridge's {@code -Xlog:gc} output: the heap before and after each young, mixed or full collection. */
    static final class GcLog {

        private static final Pattern PAUSE = Pattern.compile("Pause (?:Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

        static String summary(Path log) {
            List<String> lines;
            try {
                lines = Files.readAllLines(log);
            } catch (IOException unreadable) {
                return "no gc log: " + unreadable;
            }
            long maxBefore = 0;
            long maxAfter = 0;
            long collections = 0;
            for (String line : lines) {
                Matcher pause = PAUSE.matcher(line);
                if (pause.find()) {
                    collections++;
                    maxBefore = Math.max(maxBefore, Long.parseLong(pause.group(1)));
                    maxAfter = Math.max(maxAfter, Long.parseLong(pause.group(2)));
                }
            }
            return "gc log: " + collections + " young/mixed/full collections, largest heap before one " + maxBefore
                    + " MB, largest after one " + maxAfter + " MB";
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
