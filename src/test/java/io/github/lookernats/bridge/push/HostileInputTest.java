package io.github.lookernats.bridge.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.emulator.RecordedRequest;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.api.MessageInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An attacker who holds the push secret (every Looker user who can schedule does), against the running bridge over
 * real HTTP and a real nats-server: server-side request forgery through {@code download_url}, a zip bomb, a very
 * wide CSV, a stalled download, ids that try to steer Looker API calls, and secrets that must not be kept or logged.
 * Each attack must end refused (4xx, dead-lettered) or cut off, never fetched, published or echoed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camel.main.routes-include-pattern=classpath:routes/none.camel.yaml",
                "bridge.push.download-idle-timeout=1s",
                "bridge.identity.provider=static",
                "bridge.identity.static-file=src/test/resources/identity/dev-directory.yaml"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest {

    static final String DEAD_LETTERS = "LOOKER_DEAD_LETTERS";
    static final String EVENTS = "LOOKER_EVENTS";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String HUB_AUTH = "Token token=\"" + BridgeWiring.PUSH_SECRET + "\"";

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().build();
    /** Holds the stalled download open until the class ends. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    /** An origin the bridge may fetch from (listed), which redirects and stalls. */
    static final HttpServer LISTED = server();
    /** An origin that is not listed: it stands for the bridge's own actuator, NATS, or anything internal. */
    static final HttpServer UNLISTED = server();
    static final AtomicInteger UNLISTED_REQUESTS = new AtomicInteger();

    static {
        LISTED.createContext("/to-unlisted", exchange -> {
            exchange.getResponseHeaders().add("Location", origin(UNLISTED) + "/internal");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        LISTED.createContext("/to-download", exchange -> {
            exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getQuery());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        LISTED.createContext("/stall", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("[{\"orders.id\": 1},".getBytes(StandardCharsets.UTF_8));
            body.flush();
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        LISTED.createContext("/empty", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        LISTED.createContext("/empty-object", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        UNLISTED.createContext("/", exchange -> {
            UNLISTED_REQUESTS.incrementAndGet();
            byte[] banner = "INFO {\"server_id\":\"SECRET-BANNER\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, banner.length);
            exchange.getResponseBody().write(banner);
            exchange.close();
        });
        LISTED.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        LISTED.start();
        UNLISTED.start();
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
        RELEASE.countDown();
        LISTED.stop(0);
        UNLISTED.stop(0);
        PROBE.close();
        LOOKER.close();
        NATS.close();
    }

    // --- download_url: server-side request forgery ----------------------------------------------------------

    @Test
    void downloadUrlOnTheBridgesOwnPortIsRefusedWithoutAFetch(CapturedOutput log) throws Exception {
        String own = "http://127.0.0.1:" + port + "/actuator/prometheus";

        HttpResponse<String> response = executeStream("to-own-port", own);

        assertRefusedAndDeadLettered(response, "to-own-port");
        assertThat(response.body()).doesNotContain(Integer.toString(port)).doesNotContain("127.0.0.1");
        assertThat(PROBE.count(EVENTS, "looker.thelook.to-own-port.row")).isZero();
        assertNoSecretIn(log.getAll());
    }

    @Test
    void downloadUrlOnAnUnlistedHostIsRefusedWithoutAFetch() throws Exception {
        int before = UNLISTED_REQUESTS.get();

        HttpResponse<String> response = executeStream("to-unlisted", origin(UNLISTED) + "/internal");

        assertRefusedAndDeadLettered(response, "to-unlisted");
        assertThat(UNLISTED_REQUESTS.get()).isEqualTo(before);
        assertThat(response.body()).doesNotContain("SECRET-BANNER").doesNotContain(Integer.toString(UNLISTED.getAddress().getPort()));
        // https is required unless an origin is listed with http: the Looker host itself over another scheme is refused
        assertRefusedAndDeadLettered(executeStream("wrong-scheme", LOOKER.baseUrl().replace("http:", "https:") + "/downloads/x"),
                "wrong-scheme");
        assertRefusedAndDeadLettered(executeStream("user-info", "http://user:pw@" + URI.create(LOOKER.baseUrl()).getAuthority()
                + "/downloads/x"), "user-info");
    }

    @Test
    void redirectToAnUnlistedHostIsNotFollowed() throws Exception {
        int before = UNLISTED_REQUESTS.get();

        HttpResponse<String> response = executeStream("redirected", origin(LISTED) + "/to-unlisted");

        assertRefusedAndDeadLettered(response, "redirected");
        assertThat(response.body()).contains("redirects to a host").doesNotContain("SECRET-BANNER");
        assertThat(UNLISTED_REQUESTS.get()).isEqualTo(before);
        assertThat(PROBE.count(EVENTS, "looker.thelook.redirected.row")).isZero();
    }

    @Test
    void redirectToAListedHostIsFollowed() throws Exception {
        String download = LOOKER.registerDownload("1", "json", 5);

        HttpResponse<String> response = executeStream("hop", origin(LISTED) + "/to-download?" + download);

        assertThat(JSON.readTree(response.body()).path("looker").path("success").asBoolean()).as(response.body()).isTrue();
        PROBE.awaitCount(EVENTS, "looker.thelook.hop.row", 5, WAIT);
    }

    @Test
    void stalledDownloadIsCutOffAndDeadLettered() throws Exception {
        long before = letters("action-nats_stream");

        HttpResponse<String> response = executeStream("stalled", origin(LISTED) + "/stall");

        JsonNode looker = JSON.readTree(response.body()).path("looker");
        assertThat(looker.path("success").asBoolean()).isFalse();
        assertThat(looker.path("message").asString()).contains("download_url sent no data for 1 s");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.action-nats_stream", before + 1, WAIT);
        assertThat(PROBE.count(EVENTS, "looker.thelook.stalled.summary")).isZero();
    }

    @Test
    void aDownloadWithoutRowsIsRefusedNeverASuccessOfNoRows() throws Exception {
        long before = letters("action-nats_stream");
        HttpResponse<String> empty = executeStream("empty-download", origin(LISTED) + "/empty");
        HttpResponse<String> emptyObject = executeStream("empty-object", origin(LISTED) + "/empty-object");

        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(empty.body()).contains("empty body");
        assertThat(emptyObject.statusCode()).as(emptyObject.body()).isEqualTo(400);
        assertThat(emptyObject.body()).contains("no \\\"data\\\" array");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.action-nats_stream", before + 2, WAIT);
        assertThat(PROBE.count(EVENTS, "looker.thelook.empty-download.summary") + PROBE.count(EVENTS, "looker.thelook.empty-object.summary"))
                .isZero();
    }

    // --- memory and CPU --------------------------------------------------------------------------------------

    @Test
    void zipBombIsRefusedAndDeadLettered() throws Exception {
        // 200 MB of "x,x,x,…" on one line deflates to a few hundred kilobytes
        byte[] bomb = zipOfRepeated("dashboard/tile.csv", "x,".getBytes(StandardCharsets.US_ASCII), 200L * 1024 * 1024);
        assertThat(bomb.length).isLessThan(1024 * 1024);
        ObjectNode delivery = webhookDelivery("900", "bomb");
        delivery.putObject("attachment").put("mimetype", "application/zip;base64").put("extension", "csv_zip")
                .put("data", Base64.getEncoder().encodeToString(bomb));
        long before = letters("looker-webhook");

        HttpResponse<String> response = webhook(delivery);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("bridge.push.limits.").contains("dead-letter");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", before + 1, WAIT);
        assertThat(PROBE.count(EVENTS, "looker.ops.bomb.row")).isZero();
        assertStillServesPushes();
    }

    @Test
    void zipWhoseRowsInflatePastTheLimitIsRefused() throws Exception {
        // short, valid rows: no row or cell limit applies; the zip is checked before any row is published
        long rowsBefore = PROBE.count(EVENTS, "looker.ops.rows-bomb.row");
        byte[] bomb = zipOfRepeated("tile.csv", "a,b\n".getBytes(StandardCharsets.US_ASCII), 300L * 1024 * 1024);
        ObjectNode delivery = webhookDelivery("901", "rows-bomb");
        delivery.putObject("attachment").put("mimetype", "application/zip;base64").put("extension", "csv_zip")
                .put("data", Base64.getEncoder().encodeToString(bomb));

        HttpResponse<String> response = webhook(delivery);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("bridge.push.limits.");
        assertThat(PROBE.count(EVENTS, "looker.ops.rows-bomb.row")).isEqualTo(rowsBefore);
    }

    @Test
    void csvWithAHundredThousandColumnsIsRefusedAndDeadLettered() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int column = 0; column < 100_000; column++) {
            csv.append(column == 0 ? "" : ",").append("c").append(column);
        }
        csv.append('\n');
        ObjectNode delivery = webhookDelivery("902", "wide");
        delivery.putObject("attachment").put("mimetype", "text/csv").put("extension", "csv").put("data", csv.toString());
        long before = letters("looker-webhook");

        HttpResponse<String> response = webhook(delivery);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("100000 columns").contains("max-columns");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", before + 1, WAIT);
    }

    // --- ids that would steer Looker API calls ---------------------------------------------------------------

    @Test
    void pushedIdsThatAreNotLookerIdsAreRefusedBeforeAnyLookerCall() throws Exception {
        List<String> planIds = List.of("1/../../users/1", "..", "1?fields=email", "%2e%2e", "1 ", "-1", "１");
        for (String planId : planIds) {
            ObjectNode delivery = webhookDelivery(planId, "ids");
            delivery.putObject("attachment").put("mimetype", "text/csv").put("extension", "csv").put("data", "a\n1\n");

            HttpResponse<String> response = webhook(delivery);

            assertThat(response.statusCode()).as("scheduled_plan_id %s: %s", planId, response.body()).isEqualTo(400);
            assertThat(response.body()).contains("scheduled_plan.scheduled_plan_id is not a Looker id");
        }
        ObjectNode badQuery = webhookDelivery("903", "ids");
        ((ObjectNode) badQuery.path("scheduled_plan")).put("query_id", "1/../../users/1");
        badQuery.putObject("attachment").put("mimetype", "text/csv").put("extension", "csv").put("data", "a\n1\n");
        assertThat(webhook(badQuery).statusCode()).isEqualTo(400);

        List<String> paths = LOOKER.requests().stream().map(RecordedRequest::path).toList();
        assertThat(paths).noneMatch(path -> path.startsWith("/api/4.0/users/1"))
                .noneMatch(path -> path.equals("/api/4.0/") || path.equals("/api/4.0"))
                .noneMatch(path -> path.contains(".."));
        assertThat(PROBE.count(EVENTS, "looker.ops.ids.row")).isZero();
    }

    // --- secrets ------------------------------------------------------------------------------------------

    @Test
    void deadLettersKeepNoActionDataValuesNorDownloadTokens(CapturedOutput log) throws Exception {
        String url = LOOKER.registerDownload("1", "json", 5);
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()); // used up
        ObjectNode delivery = streamDelivery("secrets", url);
        delivery.putObject("data").put("api_key", "SECRET-API-KEY-42").put("oauth_state", "SECRET-OAUTH-STATE");
        long before = letters("action-nats_stream");

        HttpResponse<String> response = post("/looker/action-hub/actions/nats_stream/execute", delivery.toString(),
                Map.of("Authorization", HUB_AUTH));

        assertThat(JSON.readTree(response.body()).path("looker").path("success").asBoolean()).isFalse();
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.action-nats_stream", before + 1, WAIT);
        List<MessageInfo> letters = PROBE.messages(DEAD_LETTERS, "looker-dlq.action-nats_stream");
        String stored = new String(letters.get(letters.size() - 1).getData(), StandardCharsets.UTF_8);
        JsonNode input = JSON.readTree(stored).path("input");
        assertThat(input.path("delivery").path("data").propertyNames()).containsExactlyInAnyOrder("api_key", "oauth_state");
        assertThat(input.path("redacted").toString()).contains("data", "scheduled_plan.download_url");
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(stored).doesNotContain("SECRET-API-KEY-42", "SECRET-OAUTH-STATE", token);
        assertThat(log.getAll()).doesNotContain("SECRET-API-KEY-42", "SECRET-OAUTH-STATE", token);
        assertNoSecretIn(log.getAll());
    }

    @Test
    void requestValuesCannotForgeLogLines(CapturedOutput log) throws Exception {
        post("/looker/action-hub/actions/x%0d%0aFORGED%20LINE/execute", "{}", Map.of("Authorization", HUB_AUTH));
        post("/looker/webhook", "{}", Map.of("X-Looker-Webhook-Token", "wrong"));

        assertThat(log.getAll()).doesNotContain("\nFORGED LINE").doesNotContain("\rFORGED LINE");
        assertNoSecretIn(log.getAll());
    }

    @Test
    void healthNeverTriggersALookerLogin() throws Exception {
        int logins = LOOKER.loginCount();
        for (int i = 0; i < 5; i++) {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(LOOKER.loginCount()).isEqualTo(logins);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void assertRefusedAndDeadLettered(HttpResponse<String> response, String explore) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("bridge.push.download-allowed-origins").contains("dead-letter");
        assertThat(PROBE.count(EVENTS, "looker.thelook." + explore + ".summary")).isZero();
    }

    private void assertStillServesPushes() throws Exception {
        ObjectNode small = webhookDelivery("904", "after");
        small.putObject("attachment").put("mimetype", "text/csv").put("extension", "csv").put("data", "a\n1\n");
        assertThat(webhook(small).statusCode()).isEqualTo(200);
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(BridgeWiring.PUSH_SECRET).doesNotContain(LOOKER.clientSecret());
    }

    private long letters(String route) {
        return PROBE.count(DEAD_LETTERS, "looker-dlq." + route);
    }

    private HttpResponse<String> executeStream(String explore, String downloadUrl) throws Exception {
        return post("/looker/action-hub/actions/nats_stream/execute", streamDelivery(explore, downloadUrl).toString(),
                Map.of("Authorization", HUB_AUTH));
    }

    private static ObjectNode streamDelivery(String explore, String downloadUrl) {
        ObjectNode delivery = JSON.createObjectNode().put("type", "query");
        ObjectNode plan = delivery.putObject("scheduled_plan").put("title", "Plan " + explore).put("type", "Look")
                .put("scheduled_plan_id", "77").put("download_url", downloadUrl);
        plan.putObject("query").put("model", "thelook").put("view", explore);
        delivery.putNull("data");
        delivery.putObject("form_params");
        return delivery;
    }

    private static ObjectNode webhookDelivery(String planId, String explore) {
        ObjectNode delivery = JSON.createObjectNode().put("type", "dashboard");
        ObjectNode plan = delivery.putObject("scheduled_plan").put("title", "Ops " + explore).put("type", "Dashboard")
                .put("scheduled_plan_id", planId);
        plan.putObject("query").put("model", "ops").put("view", explore);
        return delivery;
    }

    private HttpResponse<String> webhook(ObjectNode delivery) throws Exception {
        return post("/looker/webhook", delivery.toString(), Map.of("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET));
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] zipOfRepeated(String name, byte[] unit, long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(name));
            byte[] block = new byte[unit.length * 8192];
            for (int i = 0; i < block.length; i += unit.length) {
                System.arraycopy(unit, 0, block, i, unit.length);
            }
            for (long written = 0; written < size; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static HttpServer server() {
        try {
            return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String origin(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
