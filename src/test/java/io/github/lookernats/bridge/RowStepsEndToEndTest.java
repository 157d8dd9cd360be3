package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.RouteRuns;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A team's row steps in YAML (src/test/resources/routes/row-steps.camel.yaml) filter rows, mask, rename and drop
 * fields, and leave every other value exactly as Looker sent it: the same 1,000-row Look is published once plain and
 * once through the steps, and the two are compared row by row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RowStepsEndToEndTest {

    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    static final JetStreamProbe PROBE = new JetStreamProbe(NATS.url());
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("camel.main.routes-include-pattern", () -> "classpath:routes/row-steps.camel.yaml");
        registry.add("bridge.push.row-routes.looker-webhook", () -> "direct:partner-rows");
    }

    @Autowired
    CamelContext camel;

    @LocalServerPort
    int port;

    @Test
    void aPushedDeliveryGoesThroughTheRowStepsConfiguredForItsRoute() throws Exception {
        String csv = "orders.id,orders.status,users.email,users.state\n7,complete,ana@example.com,Oregon\n8,cancelled,bo@example.com,Texas\n";
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 4242, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "pushed_partner_rows"}},
                 "attachment": {"mimetype": "text/csv", "extension": "csv", "data": "%s"}}
                """.formatted(csv.replace("\n", "\\n"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<MessageInfo> rows = PROBE.messages("LOOKER_EVENTS", "looker.thelook.pushed_partner_rows.row");
        assertThat(rows).hasSize(1);
        JsonNode data = JSON.readTree(rows.get(0).getData());
        JsonNode row = data.path("row");
        assertThat(row.path("order_id").asString()).isEqualTo("7");
        assertThat(data.path("numbers").has("orders.id")).as("no number of a renamed or masked cell beside the row").isFalse();
        assertThat(row.path("users.email").asString()).isEqualTo("***");
        assertThat(row.has("users.state")).isFalse();
        JsonNode summary = JSON.readTree(PROBE.messages("LOOKER_EVENTS", "looker.thelook.pushed_partner_rows.summary").get(0).getData());
        assertThat(summary.path("rowsDropped").asLong()).isEqualTo(1);
    }

    @Test
    void aPushWhoseFieldsDifferOnlyInCaseIsRefusedAndKeptRatherThanMerged() throws Exception {
        // headers ignore case: "Email" and "email" would become one field, and one value would be lost
        String csv = "orders.id,orders.status,Email,email\n9,complete,ANA@EXAMPLE.COM,ana@example.com\n";
        HttpResponse<String> response = webhook(csv, "pushed_case_clash");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("fields that differ only in case");
        assertThat(PROBE.count("LOOKER_DEAD_LETTERS", "looker-dlq.looker-webhook")).isEqualTo(1);
        assertThat(PROBE.count("LOOKER_EVENTS", "looker.thelook.pushed_case_clash.summary")).isZero();
    }

    private HttpResponse<String> webhook(String csv, String explore) throws Exception {
        String delivery = """
                {"type": "query", "scheduled_plan": {"scheduled_plan_id": 4243, "title": "t", "type": "Look",
                 "query": {"model": "thelook", "view": "%s"}},
                 "attachment": {"mimetype": "text/csv", "extension": "csv", "data": "%s"}}
                """.formatted(explore, csv.replace("\n", "\\n"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/looker/webhook"))
                .header("Content-Type", "application/json").header("X-Looker-Webhook-Token", BridgeWiring.PUSH_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void shutDown() throws Exception {
        PROBE.assertEventsMatchSchemasThenClose(LOOKER, NATS);
    }

    @Test
    void rowStepsFilterMaskRenameAndDropFieldsAndChangeNothingElse() throws Exception {
        assertThat(RouteRuns.runOnce(camel, "order-lines-plain").getException()).isNull();
        assertThat(RouteRuns.runOnce(camel, "order-lines-for-partners").getException()).isNull();

        Map<String, JsonNode> plain = new HashMap<>();
        for (MessageInfo message : PROBE.messages("LOOKER_EVENTS", "looker.thelook.lines_plain.row")) {
            JsonNode row = JSON.readTree(message.getData()).path("row");
            plain.put(row.path("orders.id").asString(), row);
        }
        assertThat(plain).hasSize(1000);
        long cancelled = plain.values().stream().filter(row -> row.path("orders.status").asString().equals("cancelled")).count();
        assertThat(cancelled).as("the Look has cancelled orders to drop").isPositive();

        List<MessageInfo> stepped = PROBE.messages("LOOKER_EVENTS", "looker.thelook.lines_for_partners.row");
        assertThat(stepped).hasSize((int) (1000 - cancelled));
        for (MessageInfo message : stepped) {
            JsonNode row = JSON.readTree(message.getData()).path("row");
            JsonNode original = plain.get(row.path("order_id").asString());
            assertThat(original).as("renamed: order_id carries orders.id").isNotNull();
            assertThat(row.has("orders.id")).isFalse();
            assertThat(row.has("users.state")).as("dropped").isFalse();
            assertThat(row.path("users.email").asString()).as("masked").isEqualTo("***");
            assertThat(row.path("orders.status").asString()).isNotEqualTo("cancelled");
            original.properties().forEach(field -> {
                if (!List.of("orders.id", "users.state", "users.email").contains(field.getKey())) {
                    assertThat(row.get(field.getKey())).as(field.getKey() + " unchanged").isEqualTo(field.getValue());
                }
            });
        }

        JsonNode summary = JSON.readTree(PROBE.messages("LOOKER_EVENTS", "looker.thelook.lines_for_partners.summary").get(0).getData());
        assertThat(summary.path("rowCount").asLong()).isEqualTo(1000 - cancelled);
        assertThat(summary.path("rowsRead").asLong()).isEqualTo(1000);
        assertThat(summary.path("rowsDropped").asLong()).isEqualTo(cancelled);
        assertThat(summary.path("fields").toString()).contains("order_id").doesNotContain("users.state");
        JsonNode plainSummary = JSON.readTree(PROBE.messages("LOOKER_EVENTS", "looker.thelook.lines_plain.summary").get(0).getData());
        assertThat(plainSummary.has("rowsRead")).as("only with row steps").isFalse();
        assertThat(summary.path("fingerprint")).as("Looker's result, the same").isEqualTo(plainSummary.path("fingerprint"));
    }
}
