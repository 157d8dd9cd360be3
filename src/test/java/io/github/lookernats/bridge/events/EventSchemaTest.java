package io.github.lookernats.bridge.events;

import static io.github.lookernats.bridge.support.EventSchemas.ROW_TYPE;
import static io.github.lookernats.bridge.support.EventSchemas.SUMMARY_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.support.EventSchemas;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The published schemas (docs/events) accept what the README documents and reject what breaks the contract. The
 * end-to-end tests check every event they receive against the same schemas.
 */
class EventSchemaTest {

    private static final String SUMMARY = """
            {"runId": "3f0c", "status": "complete", "rowCount": 5, "fields": ["orders.status", "orders.count"],
             "startedAt": "2026-11-24T22:56:00.012Z", "durationMs": 143,
             "source": {"kind": "look", "id": "1", "queryId": "aogBgL6o3cKK1jN3RoZl5s", "title": "Orders by status",
                        "ownerId": "7", "uri": "https://acme.looker.com:19999/looks/1"},
             "model": "thelook", "explore": "orders", "format": "json",
             "fingerprint": "sha256:9b1d2f3c4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"}
            """;

    @Test
    void theDocumentedExamplesMatch() {
        assertThat(problems(ROW_TYPE, "{\"index\": 0, \"format\": \"json\", \"row\": {\"orders.status\": \"complete\", \"orders.count\": 1713}}"))
                .isEmpty();
        assertThat(problems(ROW_TYPE, "{\"index\": 3, \"format\": \"csv_zip\", \"part\": \"Revenue\", \"row\": {\"Total\": \"1,713.50\"},"
                + " \"numbers\": {\"Total\": 1713.50}, \"identity\": {\"resolved\": false, \"reason\": \"unknown owner\","
                + " \"owner\": \"bob@example.com\", \"team\": null, \"groups\": [], \"audience\": []}}")).isEmpty();
        assertThat(problems(SUMMARY_TYPE, SUMMARY)).isEmpty();
    }

    @Test
    void whatBreaksTheContractIsRejected() {
        assertThat(problems(ROW_TYPE, "{\"index\": -1, \"format\": \"json\", \"row\": {}}")).isNotEmpty();
        assertThat(problems(ROW_TYPE, "{\"index\": 0, \"format\": \"json\", \"row\": {}, \"extra\": 1}")).isNotEmpty();
        assertThat(problems(ROW_TYPE, "{\"index\": 0, \"format\": \"json\", \"row\": {}, \"identity\": {\"resolved\": true}}"))
                .as("an incomplete identity block").isNotEmpty();
        assertThat(problems(SUMMARY_TYPE, SUMMARY.replace("\"rowCount\": 5, ", ""))).isNotEmpty();
        assertThat(problems(SUMMARY_TYPE, SUMMARY.replace("\"complete\"", "\"partial\""))).isNotEmpty();
        assertThat(problems(SUMMARY_TYPE, SUMMARY.replace("sha256:9b1d", "md5:9b1d"))).isNotEmpty();
        assertThat(problems(SUMMARY_TYPE, SUMMARY.replace("2026-11-24T22:56:00.012Z", "yesterday"))).isNotEmpty();
    }

    private static java.util.List<?> problems(String type, String json) {
        return EventSchemas.problems(type, json.getBytes(StandardCharsets.UTF_8));
    }
}
