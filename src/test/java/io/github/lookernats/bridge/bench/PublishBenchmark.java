package io.github.lookernats.bridge.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeProcess;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Side by side, in one run, against one local nats-server (file storage): raw jnats {@code publishAsync} and the
 * bridge's whole pull pipeline (emulator result → streaming split → events →
 * JetStream acked), each moving {@code rows} messages of about 300 bytes. The bridge runs in its own JVM with
 * {@code -Xmx256m}; its peak heap and RSS are sampled while it runs. Not a test: run it with {@code bench/run.sh}.
 */
public final class PublishBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a team might do to each row: a filter (that keeps every row here), a mask and a dropped field. */
    private static final String ROW_STEPS = """
            - filter:
                simple: "${header[orders.status]} == 'no-such-status'"
                steps:
                  - stop: {}
            - setHeader: { name: users.email, constant: "***" }
            - removeHeader: { name: users.state }
            """;

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        byte[] payload = payload();
        try (NatsTestServer nats = NatsTestServer.start();
                Connection connection = Nats.connect(nats.url())) {
            System.out.printf("Publishing %,d messages of %d bytes with the 13 headers of a row event (CloudEvents attributes, "
                    + "unique Nats-Msg-Id) to nats-server %s (JetStream, file storage, 2 min duplicate window)%n",
                    rows, payload.length, nats.url());

            double raw = onFreshStream(connection, () -> raw(connection, rows, payload));
            System.out.printf("raw jnats publishAsync (all acks awaited) : %,10.0f msg/s%n", raw);
            Pipeline pipeline = pipeline(nats, connection, rows, null);
            System.out.printf("bridge pipeline (Looker → JetStream)     : %,10.0f msg/s  (peak heap %d MB, peak RSS %d MB, -Xmx256m, completed: %s)%n",
                    pipeline.rate(), pipeline.peakHeapMb(), pipeline.peakRssMb(), pipeline.completed());
            Pipeline stepped = pipeline(nats, connection, rows, ROW_STEPS);
            System.out.printf("bridge pipeline with row steps           : %,10.0f msg/s  (peak heap %d MB, peak RSS %d MB, -Xmx256m, completed: %s)%n",
                    stepped.rate(), stepped.peakHeapMb(), stepped.peakRssMb(), stepped.completed());
            System.out.printf("ratio bridge / raw jnats                 : %.2f%n", pipeline.rate() / raw);
            System.out.printf("ratio bridge with row steps / bridge     : %.2f  (%.1f µs per row for the steps)%n",
                    stepped.rate() / pipeline.rate(), 1e6 / stepped.rate() - 1e6 / pipeline.rate());
        }
    }

    private interface MeasuredPath {
        double run() throws Exception;
    }

    /**
     * Runs a path on a stream of its own and deletes the stream afterwards. Every path then starts from the same server
     * state: a deleted stream takes its stored messages and its de-duplication ids (a million of them within the
     * window) with it, and they would otherwise weigh on the server's memory work during the paths that follow.
     */
    private static double onFreshStream(Connection connection, MeasuredPath path) throws Exception {
        JetStreamManagement streams = connection.jetStreamManagement();
        streams.addStream(StreamConfiguration.builder().name("BENCH").subjects("bench.>").storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2)).build());
        try {
            return path.run();
        } finally {
            streams.deleteStream("BENCH");
        }
    }

    /** About 300 bytes of JSON, like a row event. */
    private static byte[] payload() {
        String row = "{\"index\":123456,\"format\":\"json\",\"row\":{\"orders.id\":123456,\"orders.created_date\":\"2024-06-30\","
                + "\"orders.status\":\"complete\",\"users.email\":\"alice@example.com\",\"users.state\":\"California\","
                + "\"users.city\":\"São Paulo\",\"products.name\":\"Merino Wool Socks\",\"order_items.sale_price\":19.99}}";
        return row.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers a row event carries: the CloudEvents attributes and a unique Nats-Msg-Id. */
    static java.util.Map<String, String> eventHeaders(long i) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", String.format("%064x", i));
        headers.put("ce-source", "http://127.0.0.1:19999/looks/3");
        headers.put("ce-type", "io.github.lookernats.looker.row.v1");
        headers.put("ce-time", "2026-11-24T23:00:00Z");
        headers.put("ce-subject", Long.toString(i));
        headers.put("ce-lookermodel", "thelook");
        headers.put("ce-lookerexplore", "bench");
        headers.put("ce-runid", "5e9c6f6e-d1ca-4098-a383-19649bfdb237");
        // since the event catalog and tracing (issue 13) every row event carries these two as well
        headers.put("ce-dataschema", "urn:io.github.lookernats:looker:row:v1");
        headers.put("ce-traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        headers.put("content-type", "application/json");
        headers.put("Nats-Msg-Id", String.format("%064x", i));
        return headers;
    }

    private static double raw(Connection connection, long rows, byte[] payload) throws Exception {
        JetStream js = connection.jetStream();
        Instant start = Instant.now();
        List<CompletableFuture<PublishAck>> batch = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers();
            eventHeaders(i).forEach(headers::put);
            batch.add(js.publishAsync(io.nats.client.impl.NatsMessage.builder().subject("bench.raw").headers(headers).data(payload).build()));
            if (batch.size() == 5_000) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
                batch.clear();
            }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
        return rows / seconds(start);
    }

    private record Pipeline(double rate, long peakHeapMb, long peakRssMb, boolean completed) {}

    /** One bridge process polls the Look once; the streams it made are deleted afterwards, for the next path. */
    private static Pipeline pipeline(NatsTestServer nats, Connection connection, long rows, String rowSteps) throws Exception {
        try {
            return pipeline(nats, rows, rowSteps);
        } finally {
            JetStreamManagement streams = connection.jetStreamManagement();
            for (String stream : streams.getStreamNames()) {
                streams.deleteStream(stream);
            }
        }
    }

    private static Pipeline pipeline(NatsTestServer nats, long rows, String rowSteps) throws Exception {
        int port = 18_000 + (int) (ProcessHandle.current().pid() % 1000);
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
        String extraJvmOptions = System.getProperty("bench.bridgeJvmArgs", "");
        if (!extraJvmOptions.isBlank()) {
            jvmOptions.addAll(List.of(extraJvmOptions.split(" ")));
        }
        try (LookerEmulator looker = LookerEmulator.start().rowCount("3", rows).prerenderLook("3", "json");
                JetStreamProbe probe = new JetStreamProbe(nats.url())) {
            Process bridge = BridgeProcess.start(looker, nats.url(), jvmOptions, BridgeProcess.lookRoute("bench", "3", "bench", 2, rowSteps),
                    bridgeArguments(port));
            AtomicLong peakHeap = new AtomicLong();
            try {
                try {
                    Awaitility.await("the bridge's summary").atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(250))
                            .until(() -> {
                                peakHeap.accumulateAndGet(heapUsed(port), Math::max); // sampled while waiting
                                return probe.count("LOOKER_EVENTS", "looker.thelook.bench.summary") > 0 || !bridge.isAlive();
                            });
                } catch (ConditionTimeoutException timedOut) {
                    // reported as not completed below
                }
                long peakRss = peakRssKb(bridge.pid()) / 1024;
                if (probe.count("LOOKER_EVENTS", "looker.thelook.bench.summary") == 0) {
                    return new Pipeline(0, peakHeap.get() / (1024 * 1024), peakRss, false);
                }
                JsonNode summary = JSON.readTree(probe.messages("LOOKER_EVENTS", "looker.thelook.bench.summary").get(0).getData());
                boolean complete = summary.path("rowCount").asLong() == rows
                        && probe.count("LOOKER_EVENTS", "looker.thelook.bench.row") == rows;
                double rate = summary.path("rowCount").asLong() / (summary.path("durationMs").asLong() / 1000.0);
                return new Pipeline(rate, peakHeap.get() / (1024 * 1024), peakRss, complete);
            } finally {
                bridge.destroy();
                bridge.waitFor();
            }
        }
    }

    /** The bridge's own settings, plus any given as {@code -Dbench.bridgeArgs="--key=value ..."}. */
    private static List<String> bridgeArguments(int port) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port));
        String extra = System.getProperty("bench.bridgeArgs", "");
        if (!extra.isBlank()) {
            arguments.addAll(List.of(extra.split(" ")));
        }
        return arguments;
    }

    /** Heap in use (all heap pools), from the bridge's own Prometheus endpoint; 0 until it is up. */
    private static long heapUsed(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            return (long) response.body().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (Exception notUpYet) {
            return 0;
        }
    }

    /** Peak resident set (VmHWM) of a Linux process. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception unavailable) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toNanos() / 1e9;
    }
}
