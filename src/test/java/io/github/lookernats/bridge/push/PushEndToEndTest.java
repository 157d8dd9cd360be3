package io.github.lookernats.bridge.push;

import io.github.lookernats.camel.looker.client.LookerResultException;

import tools.jackson.core.JacksonException;
import static io.github.lookernats.bridge.support.JetStreamProbe.assertCloudEvent;
import static io.github.lookernats.bridge.support.JetStreamProbe.assertNoCamelHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.bridge.emulator.Fault;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.api.MessageInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Looker's pushes over real HTTP into the running bridge, checked in a real nats-server's JetStream: every shared
 * example payload, the formats, the auth rules and each kind of bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camel.main.routes-include-pattern=classpath:routes/none.camel.yaml",
                "bridge.push.max-body-size=256KB", "bridge.dead-letter.max-inline-size=16KB", "bridge.push.dashboards.[Ops\\ Overview].model=ops",
                "bridge.push.dashboards.[Ops\\ Overview].explore=overview",
                // the two default actions, with subject pairs a form may offer
                "bridge.push.action-hub.actions[0].name=nats", "bridge.push.action-hub.actions[0].label=Publish to NATS",
                "bridge.push.action-hub.actions[0].supported-action-types=query,dashboard,cell",
                "bridge.push.action-hub.actions[0].supported-formats=json,json_detail,inline_json,csv,csv_zip",
                "bridge.push.action-hub.actions[0].supported-download-settings=push",
                "bridge.push.action-hub.actions[0].subjects[0].model=thelook", "bridge.push.action-hub.actions[0].subjects[0].explore=cells",
                "bridge.push.action-hub.actions[1].name=nats_stream", "bridge.push.action-hub.actions[1].label=Publish to NATS (streamed)",
                "bridge.push.action-hub.actions[1].supported-action-types=query",
                "bridge.push.action-hub.actions[1].supported-formats=json,json_detail,csv",
                "bridge.push.action-hub.actions[1].supported-download-settings=url"})
@DirtiesContext
class PushEndToEndTest {

    static final String EVENTS = "LOOKER_EVENTS";
    static final String DEAD_LETTERS = "LOOKER_DEAD_LETTERS";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String HUB_AUTH = "Token token=\"" + BridgeWiring.PUSH_SECRET + "\"";

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.assertEventsMatchSchemasThenClose(LOOKER, NATS);
    }

    // --- the shared examples -------------------------------------------------------------------------------

    @Test
    void webhookCsvExampleBecomesRowEventsWithTextAndNumbers() throws Exception {
        HttpResponse<String> response = webhook(example("webhook_look_csv_partial.json"), BridgeWiring.PUSH_SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("looker").path("success").asBoolean()).isTrue();
        assertThat(JSON.readTree(response.body()).path("events").asLong()).isEqualTo(3);
        String rows = "looker.looker_push.Sales___Year_to_Date.row";
        PROBE.awaitCount(EVENTS, rows, 2, WAIT);
        MessageInfo first = PROBE.messages(EVENTS, rows).get(0);
        assertCloudEvent(first, "io.github.lookernats.looker.row.v1");
        assertNoCamelHeaders(first);
        JsonNode data = JSON.readTree(first.getData());
        assertThat(data.path("format").asText()).isEqualTo("csv");
        assertThat(data.path("row").path("Division").asText()).isEqualTo("Brick + Mortar");
        assertThat(data.path("row").path("Revenue").asText()).isEqualTo("3828101");
        assertThat(data.path("numbers").path("Revenue").asLong()).isEqualTo(3828101);
        assertThat(data.path("numbers").has("Division")).isFalse();
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.looker_push.Sales___Year_to_Date.summary").get(0).getData());
        assertThat(summary.path("source").path("title").asText()).isEqualTo("Sales — Year to Date");
        assertThat(first.getHeaders().getFirst("ce-lookerexplore")).isEqualTo("Sales %E2%80%94 Year to Date");
        assertThat(summary.path("fields")).extracting(JsonNode::toString).asString().contains("Division", "Revenue", "Profit");
    }

    @Test
    void actionExecuteWithJsonDetailExampleAnswersLikeTheReferenceHub() throws Exception {
        ObjectNode delivery = delivery("query", planWithQuery(701, "thelook", "orders"));
        attach(delivery, "application/json", "json", text("run_query_json_detail.json"));

        HttpResponse<String> response = execute("nats", delivery);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(text("action_execute_response_success.json")));
        PROBE.awaitCount(EVENTS, "looker.thelook.orders.summary", 1, WAIT);
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.orders.summary").get(0).getData());
        assertThat(summary.path("rowCount").asLong()).isEqualTo(13);
        assertThat(summary.path("format").asText()).isEqualTo("json_detail");
        assertThat(summary.path("fields")).extracting(JsonNode::toString).asString().contains("orders.created_month", "orders.count");
        assertThat(summary.path("source").path("kind").asText()).isEqualTo("scheduled_plan");
        assertThat(summary.path("source").path("id").asText()).isEqualTo("701");
        PROBE.awaitCount(EVENTS, "looker.thelook.orders.row", 13, WAIT);
    }

    @Test
    void webhookJsonExampleWithLegacyNumericQueryObject() throws Exception {
        ObjectNode plan = JSON.createObjectNode().put("scheduled_plan_id", "86213").put("title", "Orders by month").put("type", "Look");
        plan.set("query", JSON.readTree(text("query_object.json")));
        plan.put("query_id", 520);
        ObjectNode delivery = delivery("query", plan);
        ObjectNode body = (ObjectNode) JSON.readTree(text("query_object.json"));
        body.put("view", "orders_json");
        plan.set("query", body);
        attach(delivery, "application/json", "json", text("run_query_json_derived.json"));

        assertThat(webhook(delivery.toString(), BridgeWiring.PUSH_SECRET).statusCode()).isEqualTo(200);

        PROBE.awaitCount(EVENTS, "looker.thelook.orders_json.row", 13, WAIT);
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.orders_json.summary").get(0).getData());
        assertThat(summary.path("source").path("id").asText()).isEqualTo("86213");
        assertThat(summary.path("source").path("queryId").asText()).isEqualTo("520");
    }

    @Test
    void actionListAndFormFollowTheActionApiExamples() throws Exception {
        HttpResponse<String> list = post("/looker/action-hub", "{}", Map.of("Authorization", HUB_AUTH));
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode ours = JSON.readTree(list.body());
        JsonNode example = JSON.readTree(text("action_hub_list_response.json"));
        assertThat(ours.has("label")).isTrue();
        JsonNode integration = ours.path("integrations").get(0);
        example.path("integrations").get(0).propertyNames().forEach(key -> {
            if (!key.equals("icon_data_uri")) {
                assertThat(integration.has(key)).as("integration has %s", key).isTrue();
            }
        });
        assertThat(integration.path("url").asText()).isEqualTo("http://localhost:" + port + "/looker/action-hub/actions/nats/execute");
        assertThat(integration.path("supported_action_types")).extracting(JsonNode::toString).asString()
                .contains("query", "dashboard", "cell");
        assertThat(integration.path("supported_formats")).extracting(JsonNode::toString).asString()
                .contains("json", "json_detail", "inline_json", "csv", "csv_zip");
        assertThat(ours.path("integrations").get(1).path("supported_download_settings").get(0).asText()).isEqualTo("url");

        HttpResponse<String> form = post("/looker/action-hub/actions/nats/form", "{}", Map.of("Authorization", HUB_AUTH));
        assertThat(form.statusCode()).isEqualTo(200);
        JsonNode fields = JSON.readTree(form.body());
        assertThat(fields.isArray()).isTrue();
        JsonNode exampleField = JSON.readTree(text("action_form_response.json")).get(0);
        exampleField.propertyNames().forEach(key -> assertThat(fields.get(0).has(key)).as("form field has %s", key).isTrue());
        assertThat(fields).extracting(f -> f.path("name").asString()).containsExactly("subject");
        assertThat(fields.get(0).path("type").asString()).isEqualTo("select");
        assertThat(fields.get(0).path("options").get(0).path("name").asString()).isEqualTo("thelook.cells");
    }

    // --- payloads built for each case ----------------------------------------------------------------------

    @Test
    void pivotsNullsUnicodeAndHugeNumbersSurviveUnchanged() throws Exception {
        ObjectNode detail = JSON.createObjectNode();
        detail.putObject("fields").putArray("dimensions").addObject().put("name", "users.city");
        detail.putArray("pivots").addObject().put("key", "complete");
        ObjectNode row = detail.putArray("data").addObject();
        row.putObject("users.city").put("value", "São Paulo — 大阪");
        ObjectNode pivoted = row.putObject("orders.count");
        pivoted.putObject("complete").put("value", new BigInteger("9007199254740993"));
        pivoted.putObject("cancelled").putNull("value");
        detail.putObject("totals_data").putObject("orders.count").putObject("complete").put("value", 12);
        ObjectNode delivery = delivery("query", planWithQuery(702, "thelook", "pivots"));
        attach(delivery, "application/json", "json", detail.toString());

        assertThat(execute("nats", delivery).statusCode()).isEqualTo(200);

        PROBE.awaitCount(EVENTS, "looker.thelook.pivots.row", 1, WAIT);
        String raw = new String(PROBE.messages(EVENTS, "looker.thelook.pivots.row").get(0).getData(), StandardCharsets.UTF_8);
        assertThat(raw).contains("9007199254740993").contains("São Paulo — 大阪").contains("\"cancelled\":{\"value\":null}");
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.pivots.summary").get(0).getData());
        assertThat(summary.path("totals").path("orders.count").path("complete").path("value").asInt()).isEqualTo(12);
    }

    @Test
    void everyValueArrivesByteForByteAsLookerSentIt() throws Exception {
        // written the way the bridge writes rows (compact, Jackson's escapes), so equal values are equal bytes
        List<String> rows = List.of(
                "{\"n.big\":9007199254740993,\"n.huge\":123456789012345678901234567890,\"n.neg_zero\":-0.0,"
                        + "\"n.exp\":1e-07,\"n.exp_up\":6.02E+23,\"n.float\":0.30000000000000004,\"n.zero\":0}",
                "{\"s.rtl\":\"\u200fשלום\u200f\",\"s.zwj\":\"👩‍👩‍👧‍👦\",\"s.combining\":\"e\u0301\",\"s.rocket\":\"🚀\","
                        + "\"s.quotes\":\"say \\\"hi\\\"\",\"s.tab_newline\":\"a\\tb\\nc\",\"s.slash\":\"a/b\"}",
                "{\"id.leading_zeros\":\"007\",\"v.null\":null,\"v.empty\":\"\",\"v.true\":true,\"v.nested\":{\"a\":[1,-0.0,\"x\"]}}");
        ObjectNode delivery = delivery("query", planWithQuery(730, "thelook", "round_trip"));
        attach(delivery, "application/json", "json", "[" + String.join(",", rows) + "]");

        assertThat(webhook(delivery.toString(), BridgeWiring.PUSH_SECRET).statusCode()).isEqualTo(200);

        PROBE.awaitCount(EVENTS, "looker.thelook.round_trip.row", rows.size(), WAIT);
        List<String> stored = PROBE.messages(EVENTS, "looker.thelook.round_trip.row").stream()
                .map(message -> new String(message.getData(), StandardCharsets.UTF_8)).toList();
        for (String row : rows) {
            assertThat(stored).as("a stored event holds the row as sent: %s", row).anySatisfy(body -> assertThat(body).contains("\"row\":" + row));
        }
    }

    @Test
    void malformedUtf8IsRefusedNotDecodedIntoOtherCharacters() throws Exception {
        String head = "{\"type\":\"query\",\"scheduled_plan\":{\"scheduled_plan_id\":731,\"title\":\"t\",\"query\":{\"model\":\"thelook\","
                + "\"view\":\"overlong\"}},\"attachment\":{\"mimetype\":\"text/csv\",\"extension\":\"csv\",\"data\":\"a\\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(new byte[] {(byte) 0xC0, (byte) 0xAF}); // an overlong '/'
        body.write("\\n\"}}".getBytes(StandardCharsets.UTF_8));
        long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.looker-webhook");

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("not valid UTF-8").contains("overlong");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", lettersBefore + 1, WAIT);
        JsonNode letter = data(last(PROBE.messages(DEAD_LETTERS, "looker-dlq.looker-webhook")));
        assertThat(java.util.Base64.getDecoder().decode(letter.path("input").path("bodyBase64").asString()))
                .as("the dead letter keeps the bytes as sent").isEqualTo(body.toByteArray());
        assertThat(PROBE.count(EVENTS, "looker.thelook.overlong.row")).isZero();
    }

    @Test
    void inlineJsonIsAcceptedInsteadOfAString() throws Exception {
        ObjectNode delivery = delivery("query", planWithQuery("703", "thelook", "inline"));
        ObjectNode attachment = delivery.putObject("attachment").put("mimetype", "application/json").put("extension", "json");
        attachment.putArray("data").addObject().put("orders.status", "complete").put("orders.count", 3);

        assertThat(execute("nats", delivery).statusCode()).isEqualTo(200);

        PROBE.awaitCount(EVENTS, "looker.thelook.inline.row", 1, WAIT);
        assertThat(JSON.readTree(PROBE.messages(EVENTS, "looker.thelook.inline.row").get(0).getData()).path("format").asText())
                .isEqualTo("inline_json");
    }

    @Test
    void dashboardCsvZipGivesRowsPerTileWithFallbackSubjects() throws Exception {
        byte[] zip = zip(Map.of(
                "dashboard-ops_overview/revenue.csv", ",Orders Created Date,Order Items Total Sale Price\n1,2024-06-30,\"$17,769,563.20\"\n2,2024-06-29,$1.92\n,,\"$17,769,565.12\"\n",
                "dashboard-ops_overview/status.csv", "Orders Status,Orders Count,Share\ncomplete,\"1,713\",34.03K\ncancelled,12,0.26%\n"));
        String base64 = Base64.getMimeEncoder().encodeToString(zip); // MIME: with line breaks, as Looker sends
        ObjectNode plan = JSON.createObjectNode().put("scheduled_plan_id", 1234).put("title", "Ops Overview").put("type", "LookMLDashboard");
        plan.putNull("url");
        plan.putNull("query");
        plan.putNull("query_id");
        ObjectNode delivery = delivery("dashboard", plan);
        attach(delivery, "application/zip;base64", "zip", base64);

        HttpResponse<String> response = execute("nats", delivery);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("looker").path("success").asBoolean()).as(response.body()).isTrue();
        PROBE.awaitCount(EVENTS, "looker.ops.overview.row", 5, WAIT);
        List<JsonNode> rows = PROBE.messages(EVENTS, "looker.ops.overview.row").stream().map(PushEndToEndTest::data).toList();
        assertThat(rows).extracting(r -> r.path("part").asText()).contains("dashboard-ops_overview/revenue.csv", "dashboard-ops_overview/status.csv");
        JsonNode revenue = rows.stream().filter(r -> r.path("row").path("Orders Created Date").asText().equals("2024-06-30")).findFirst().orElseThrow();
        assertThat(revenue.path("row").path("Order Items Total Sale Price").asText()).isEqualTo("$17,769,563.20");
        assertThat(revenue.path("numbers").path("Order Items Total Sale Price").decimalValue()).isEqualByComparingTo("17769563.20");
        JsonNode status = rows.stream().filter(r -> r.path("row").path("Orders Status").asText().equals("complete")).findFirst().orElseThrow();
        assertThat(status.path("numbers").path("Orders Count").asInt()).isEqualTo(1713);
        assertThat(status.path("numbers").has("Share")).as("34.03K stays text only").isFalse();
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.ops.overview.summary").get(0).getData());
        assertThat(summary.path("format").asText()).isEqualTo("csv_zip");
        assertThat(summary.path("parts")).hasSize(2);
        // the revenue tile's last line has no row number: Looker's totals, marked as such
        JsonNode totals = rows.stream().filter(r -> r.path("row").path("Order Items Total Sale Price").asString().equals("$17,769,565.12"))
                .findFirst().orElseThrow();
        assertThat(totals.path("rowKind").asString()).isEqualTo("total");
        assertThat(revenue.has("rowKind")).isFalse();
        assertThat(status.has("rowKind")).as("a table without row numbers has no totals to tell apart").isFalse();
    }

    @Test
    void aPivotedTilesHeaderLinesBecomeOneNamePerColumnAndItsTotalsAreMarked() throws Exception {
        byte[] zip = zip(Map.of("dashboard-ops_pivot/orders.csv",
                ",Orders Created Month,Orders Count,Orders Count\n,,complete,pending\n1,2024-06,12,3\n2,2024-05,10,1\n,,22,4\n"));
        ObjectNode plan = JSON.createObjectNode().put("scheduled_plan_id", 1235).put("title", "Ops Pivot").put("type", "LookMLDashboard");
        plan.putObject("query").put("model", "ops").put("view", "pivot");
        ObjectNode delivery = delivery("dashboard", plan);
        attach(delivery, "application/zip;base64", "zip", Base64.getEncoder().encodeToString(zip));

        assertThat(execute("nats", delivery).statusCode()).isEqualTo(200);

        PROBE.awaitCount(EVENTS, "looker.ops.pivot.row", 3, WAIT);
        List<JsonNode> rows = PROBE.messages(EVENTS, "looker.ops.pivot.row").stream().map(PushEndToEndTest::data).toList();
        assertThat(rows).as("the second header line is not a row").hasSize(3);
        JsonNode june = rows.stream().filter(r -> r.path("row").path("Orders Created Month").asString().equals("2024-06")).findFirst().orElseThrow();
        assertThat(june.path("row").path("Orders Count / complete").asString()).isEqualTo("12");
        assertThat(june.path("row").path("Orders Count / pending").asString()).isEqualTo("3");
        assertThat(june.path("part").asString()).isEqualTo("dashboard-ops_pivot/orders.csv");
        assertThat(rows).filteredOn(r -> "total".equals(r.path("rowKind").asString())).singleElement()
                .satisfies(total -> assertThat(total.path("row").path("Orders Count / complete").asString()).isEqualTo("22"));
        JsonNode summary = JSON.readTree(PROBE.messages(EVENTS, "looker.ops.pivot.summary").get(0).getData());
        assertThat(summary.path("fields")).extracting(JsonNode::asString).contains("Orders Count / complete", "Orders Count / pending");
    }

    @Test
    void streamingDownloadUrlIsFetchedOnceAndParsedAsAStream() throws Exception {
        String url = LOOKER.registerDownload("3", "json", 2_000);
        ObjectNode plan = planWithQuery(704, "thelook", "streamed");
        plan.put("download_url", url);
        ObjectNode delivery = delivery("query", plan);

        HttpResponse<String> response = execute("nats_stream", delivery);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("looker").path("success").asBoolean()).as(response.body()).isTrue();
        PROBE.awaitCount(EVENTS, "looker.thelook.streamed.row", 2_000, WAIT);
        assertThat(LOOKER.requestCount(URI.create(url).getPath())).isEqualTo(1);
    }

    @Test
    void expiredDownloadUrlIsDeadLetteredAndReportedInTheBody() throws Exception {
        String url = LOOKER.registerDownload("1", "json", 5);
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()); // used up
        ObjectNode plan = planWithQuery(705, "thelook", "expired");
        plan.put("download_url", url);

        long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.action-nats_stream");
        HttpResponse<String> response = execute("nats_stream", delivery("query", plan));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode looker = JSON.readTree(response.body()).path("looker");
        assertThat(looker.path("success").asBoolean()).isFalse();
        assertThat(looker.path("message").asText()).contains("download_url answered 404");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.action-nats_stream", lettersBefore + 1, WAIT);
        JsonNode letter = data(last(PROBE.messages(DEAD_LETTERS, "looker-dlq.action-nats_stream")));
        assertThat(letter.path("kind").asText()).isEqualTo("delivery");
        // the one-time token is not kept: the letter shows where the URL pointed, no more
        assertThat(letter.path("input").path("delivery").path("scheduled_plan").path("download_url").asString())
                .isEqualTo(URI.create(url).getScheme() + "://" + URI.create(url).getAuthority() + "/[redacted]");
        assertThat(letter.path("input").path("redacted").toString()).contains("scheduled_plan.download_url");
    }

    @Test
    void downloadThatBreaksOffIsDeadLetteredAndNoSummaryIsPublished() throws Exception {
        LOOKER.enqueueFault(Fault.cutAfterRows("/downloads", 10));
        ObjectNode plan = planWithQuery(706, "thelook", "cut");
        plan.put("download_url", LOOKER.registerDownload("3", "json", 100));
        long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.action-nats_stream");

        HttpResponse<String> response = execute("nats_stream", delivery("query", plan));

        assertThat(JSON.readTree(response.body()).path("looker").path("success").asBoolean()).isFalse();
        assertThat(PROBE.count(EVENTS, "looker.thelook.cut.summary")).isZero();
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.action-nats_stream", lettersBefore + 1, WAIT);
        JsonNode letter = data(last(PROBE.messages(DEAD_LETTERS, "looker-dlq.action-nats_stream")));
        // how many rows got through before the cut depends on buffering; never more than were sent
        assertThat(letter.path("rowsReadBeforeFailure").asLong()).isBetween(0L, 10L);
        assertThat(letter.path("exception").path("class").asText()).endsWith("LookerResultException");
    }

    @Test
    void cellDataActionBecomesOneRow() throws Exception {
        ObjectNode delivery = JSON.createObjectNode().put("type", "cell");
        delivery.putNull("scheduled_plan");
        delivery.putNull("attachment");
        delivery.putObject("data").put("value", "complete").put("status_param", "x");
        delivery.putObject("form_params").put("subject", "thelook.cells");

        assertThat(execute("nats", delivery).statusCode()).isEqualTo(200);

        PROBE.awaitCount(EVENTS, "looker.thelook.cells.row", 1, WAIT);
        assertThat(data(PROBE.messages(EVENTS, "looker.thelook.cells.row").get(0)).path("row").path("value").asText()).isEqualTo("complete");
    }

    @Test
    void formValuesChooseSubjectsOnlyAmongTheActionsPairs() throws Exception {
        for (ObjectNode form : List.of(JSON.createObjectNode().put("model", "finance").put("explore", "revenue"),
                JSON.createObjectNode().put("subject", "finance.revenue"))) {
            ObjectNode delivery = JSON.createObjectNode().put("type", "cell");
            delivery.putNull("scheduled_plan");
            delivery.putObject("data").put("value", "spoofed");
            delivery.set("form_params", form);

            HttpResponse<String> response = execute("nats", delivery);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        }
        assertThat(PROBE.count(EVENTS, "looker.finance.revenue.row")).isZero();
    }

    @Test
    void repeatedDeliveryStoresNothingTwice() throws Exception {
        ObjectNode delivery = delivery("query", planWithQuery(707, "thelook", "repeat"));
        attach(delivery, "application/json", "json", text("run_query_json_derived.json"));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = post("/looker/webhook", delivery.toString(),
                    Map.of("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET, "X-Looker-Webhook-Id", "delivery-707"));
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(PROBE.count(EVENTS, "looker.thelook.repeat.row")).isEqualTo(13);
        assertThat(PROBE.count(EVENTS, "looker.thelook.repeat.summary")).isEqualTo(1);
    }

    // --- bad input -----------------------------------------------------------------------------------------

    @Test
    void wrongOrMissingTokensAreRefused() throws Exception {
        assertThat(webhook(example("webhook_look_csv_partial.json"), "wrong").statusCode()).isEqualTo(401);
        assertThat(post("/looker/webhook", example("webhook_look_csv_partial.json"), Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> hub = post("/looker/action-hub", "{}", Map.of("Authorization", "Token token=\"wrong\""));
        assertThat(hub.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(hub.body())).isEqualTo(JSON.readTree("{\"success\": false, \"error\": \"Invalid 'Authorization' header.\"}"));
        assertThat(post("/looker/action-hub/actions/nats/execute", "{}", Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void webhookAlsoAcceptsTheTokenAuthorizationHeader() throws Exception {
        ObjectNode delivery = delivery("query", planWithQuery(708, "thelook", "token_header"));
        attach(delivery, "text/csv", "csv", "a,b\n1,2\n");
        assertThat(post("/looker/webhook", delivery.toString(), Map.of("Authorization", HUB_AUTH)).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonGets400AndIsDeadLettered() throws Exception {
        long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.looker-webhook");
        HttpResponse<String> response = webhook("{\"type\": \"query\", \"attachment\": ", BridgeWiring.PUSH_SECRET);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.path("error").asText()).contains("not valid JSON").doesNotContain("Exception").doesNotContain("\tat ");
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", lettersBefore + 1, WAIT);
        assertThat(data(last(PROBE.messages(DEAD_LETTERS, "looker-dlq.looker-webhook"))).path("input").path("body").asText())
                .isEqualTo("{\"type\": \"query\", \"attachment\": ");
    }

    @Test
    void anAttachmentThatCannotBeReadIsRefusedAndDeadLetteredNeverASuccessOfNoRows() throws Exception {
        record Case(String mimetype, String extension, JsonNode data, String error) {}
        List<Case> cases = List.of(
                new Case("application/zip;base64", "csv_zip", JSON.getNodeFactory().stringNode("YSxiCjEsMgo="), "holds no CSV file"),
                new Case("application/zip;base64", "csv_zip", JSON.getNodeFactory().stringNode("[]"), "the csv_zip attachment"),
                new Case("application/zip;base64", "csv_zip", JSON.getNodeFactory().stringNode("plain text, not base64"), "the csv_zip attachment"),
                new Case("application/zip;base64", "csv_zip", JSON.createArrayNode(), "must be a string"),
                new Case("text/csv", "csv", JSON.getNodeFactory().stringNode(""), "is empty"),
                new Case("text/csv", "csv", JSON.getNodeFactory().numberNode(1), "must be a string"),
                new Case("application/json", "json", JSON.getNodeFactory().stringNode("{}"), "no \"data\" array"),
                new Case("application/json", "json", JSON.getNodeFactory().stringNode("{\"data\": {}}"), "no \"data\" array"),
                new Case("application/json", "json", JSON.createObjectNode(), "no \"data\" array"));
        for (Case broken : cases) {
            ObjectNode delivery = delivery("query", planWithQuery(720, "thelook", "unreadable"));
            delivery.putObject("attachment").put("mimetype", broken.mimetype()).put("extension", broken.extension())
                    .set("data", broken.data());
            long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.looker-webhook");

            HttpResponse<String> response = webhook(delivery.toString(), BridgeWiring.PUSH_SECRET);

            assertThat(response.statusCode()).as("%s %s: %s", broken.extension(), broken.data(), response.body()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").asString()).contains(broken.error());
            PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", lettersBefore + 1, WAIT);
        }
        ObjectNode noData = delivery("query", planWithQuery(721, "thelook", "unreadable"));
        noData.putObject("attachment").put("mimetype", "text/csv").put("extension", "csv");
        assertThat(webhook(noData.toString(), BridgeWiring.PUSH_SECRET).statusCode()).isEqualTo(422);
        assertThat(PROBE.count(EVENTS, "looker.thelook.unreadable.summary")).isZero();
        // a result that really has no rows is still a complete run of 0 rows
        ObjectNode headerOnly = delivery("query", planWithQuery(722, "thelook", "no_rows"));
        attach(headerOnly, "text/csv", "csv", "Orders Status,Orders Count\n");
        assertThat(webhook(headerOnly.toString(), BridgeWiring.PUSH_SECRET).statusCode()).isEqualTo(200);
        PROBE.awaitCount(EVENTS, "looker.thelook.no_rows.summary", 1, WAIT);
    }

    @Test
    void aParseErrorQuotingNonAsciiTextIsStoredAndAnswered400NotRetriedForEver() throws Exception {
        // the error text quotes the body: before, its 'ë' made the dead letter's header invalid, and the push got a 503
        long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.looker-webhook");

        HttpResponse<String> response = webhook("Zoë, 大阪 🚀\r\nInjected: yes", BridgeWiring.PUSH_SECRET);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.looker-webhook", lettersBefore + 1, WAIT);
        MessageInfo letter = last(PROBE.messages(DEAD_LETTERS, "looker-dlq.looker-webhook"));
        assertThat(data(letter).path("input").path("body").asString()).isEqualTo("Zoë, 大阪 🚀\r\nInjected: yes");
        assertThat(letter.getHeaders().getFirst("Bridge-Error")).matches("[\\x20-\\x7E]+");
    }

    @Test
    void wrongContentTypeGets415() throws Exception {
        // media types, not prefixes: look-alikes and malformed types are refused, parameters are fine
        for (String type : List.of("text/plain", "application/jsonp", "application/json-seq", "application/jsonx",
                "application/json;;;=", "application")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                    .header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(example("webhook_look_csv_partial.json"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(JSON.readTree(response.body()).path("error").asString()).contains("application/json");
        }
        HttpResponse<String> withCharset = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET).header("Content-Type", "Application/JSON; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(example("webhook_look_csv_partial.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withCharset.statusCode()).as(withCharset.body()).isEqualTo(200);
    }

    @Test
    void oversizeBodyGets413() throws Exception {
        ObjectNode delivery = delivery("query", planWithQuery(709, "thelook", "big"));
        attach(delivery, "text/csv", "csv", "a\n" + "x".repeat(300 * 1024));
        HttpResponse<String> response = webhook(delivery.toString(), BridgeWiring.PUSH_SECRET);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains("max-body-size");
    }

    @Test
    void deadLetterTooLargeForOneMessageGoesToTheObjectStore() throws Exception {
        String pdf = Base64.getMimeEncoder().encodeToString(new byte[60 * 1024]);
        ObjectNode delivery = delivery("query", planWithQuery(712, "thelook", "large_pdf"));
        attach(delivery, "application/pdf;base64", "pdf", pdf);
        long lettersBefore = PROBE.count(DEAD_LETTERS, "looker-dlq.action-nats");

        assertThat(execute("nats", delivery).statusCode()).isEqualTo(422);

        PROBE.awaitCount(DEAD_LETTERS, "looker-dlq.action-nats", lettersBefore + 1, WAIT);
        JsonNode letter = data(last(PROBE.messages(DEAD_LETTERS, "looker-dlq.action-nats")));
        assertThat(letter.has("input")).isFalse();
        JsonNode ref = letter.path("inputRef");
        assertThat(ref.path("bucket").asText()).isEqualTo("LOOKER_DEAD_LETTER_PAYLOADS");
        try (io.nats.client.Connection nats = io.nats.client.Nats.connect(NATS.url())) {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            nats.objectStore(ref.path("bucket").asText()).get(ref.path("object").asText(), whole);
            JsonNode stored = JSON.readTree(whole.toByteArray());
            assertThat(stored.path("input").path("delivery").path("attachment").path("data").asText()).isEqualTo(pdf);
            assertThat(stored.path("exception").path("message").asText()).contains("application/pdf;base64");
        }
    }

    @Test
    void unknownActionGets404() throws Exception {
        HttpResponse<String> response = post("/looker/action-hub/actions/nope/execute", "{}", Map.of("Authorization", HUB_AUTH));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("unknown action 'nope'");
    }

    @Test
    void unsupportedFormatAndTypeGet422WithTheReason() throws Exception {
        ObjectNode pdf = delivery("query", planWithQuery(710, "thelook", "pdf"));
        attach(pdf, "application/pdf;base64", "pdf", "JVBERi0xLjQK");
        HttpResponse<String> format = execute("nats", pdf);
        assertThat(format.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(format.body()).path("error").asText()).contains("application/pdf;base64", "csv_zip");

        ObjectNode dashboard = delivery("dashboard", planWithQuery(711, "thelook", "dash"));
        attach(dashboard, "text/csv", "csv", "a\n1\n");
        HttpResponse<String> type = execute("nats_stream", dashboard);
        assertThat(type.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(type.body()).path("error").asText()).contains("does not support deliveries of type 'dashboard'");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private HttpResponse<String> webhook(String body, String token) throws Exception {
        return post("/looker/webhook", body, Map.of("X-Looker-Webhook-Token", token));
    }

    private HttpResponse<String> execute(String action, ObjectNode delivery) throws Exception {
        return post("/looker/action-hub/actions/" + action + "/execute", delivery.toString(),
                Map.of("Authorization", HUB_AUTH, "User-Agent", "LookerOutgoingWebhook/25.0.0"));
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode delivery(String type, ObjectNode plan) {
        ObjectNode delivery = JSON.createObjectNode().put("type", type);
        delivery.set("scheduled_plan", plan);
        delivery.putNull("data");
        delivery.putObject("form_params");
        return delivery;
    }

    private static ObjectNode planWithQuery(Object id, String model, String view) {
        ObjectNode plan = JSON.createObjectNode().put("title", "Plan " + id).put("type", "Look");
        plan.set("scheduled_plan_id", JSON.valueToTree(id));
        plan.putObject("query").put("model", model).put("view", view);
        plan.putNull("download_url");
        return plan;
    }

    private static void attach(ObjectNode delivery, String mimetype, String extension, String data) {
        delivery.putObject("attachment").put("mimetype", mimetype).put("extension", extension).put("data", data);
    }

    private static String example(String name) throws IOException {
        return text(name);
    }

    private static String text(String name) throws IOException {
        try (InputStream in = PushEndToEndTest.class.getResourceAsStream("/looker-examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static MessageInfo last(List<MessageInfo> messages) {
        return messages.get(messages.size() - 1);
    }

    private static JsonNode data(MessageInfo message) {
        try {
            return JSON.readTree(message.getData());
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
