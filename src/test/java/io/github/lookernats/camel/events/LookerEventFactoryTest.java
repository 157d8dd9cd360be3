package io.github.lookernats.camel.events;

import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.LookerSource;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.camel.run.Identity;
import io.github.lookernats.camel.looker.ResultFormat;
import io.github.lookernats.camel.looker.client.ResultRowReader;
import io.github.lookernats.camel.run.RowSource;
import io.nats.client.impl.Headers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The event contract of row events: headers, ids and body, without Spring or NATS. */
class LookerEventFactoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventShape PROPERTIES = EventShape.DEFAULT;
    private static final String RESULT = "[{\"orders.id\":1,\"orders.total\":12345678901234567890.125,\"users.city\":\"São Paulo\"},"
            + "{\"orders.id\":2,\"orders.total\":7,\"users.city\":\"Zürich\"}]";

    private final LookerEventFactory factory = new LookerEventFactory(PROPERTIES, URI.create("https://looker.example.com/"), JSON, false);

    @Test
    void aRowEventCarriesTheRunsAttributesAndItsOwnIdAndSubject() throws Exception {
        ResultRun run = run(RESULT, new Identity(true, null, "alice@example.com", "Équipe Data", List.of("analysts"), List.of("finance")));
        run.traceContext(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        List<PreparedEvent> events = rows(run);

        PreparedEvent second = events.get(1);
        assertThat(second.subject()).isEqualTo("looker.thelook.orders.row");
        Map<String, String> headers = headerMap(second.headers());
        assertThat(headers).containsOnlyKeys("ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "ce-subject",
                "ce-lookermodel", "ce-lookerexplore", "ce-runid", "ce-identityresolved", "ce-ownerteam", "ce-audience",
                "ce-dataschema", "ce-traceparent", "content-type", "Nats-Msg-Id");
        assertThat(headers).containsEntry("ce-dataschema", "urn:io.github.lookernats:looker:row:v1")
                .containsEntry("ce-traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(headers).containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-source", "https://looker.example.com/looks/42")
                .containsEntry("ce-type", "io.github.lookernats.looker.row.v1")
                .containsEntry("ce-time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(run.startedAt().atOffset(ZoneOffset.UTC)))
                .containsEntry("ce-subject", "1")
                .containsEntry("ce-lookermodel", "thelook")
                .containsEntry("ce-lookerexplore", "orders")
                .containsEntry("ce-runid", run.runId())
                .containsEntry("ce-identityresolved", "true")
                .containsEntry("ce-ownerteam", "%C3%89quipe Data") // NATS headers are ASCII: percent-encoded UTF-8
                .containsEntry("ce-audience", "finance")
                .containsEntry("content-type", "application/json");
        assertThat(headers.get("ce-id")).matches("[0-9a-f]{64}").isEqualTo(headers.get("Nats-Msg-Id"))
                .isNotEqualTo(headerMap(events.get(0).headers()).get("ce-id"));
    }

    @Test
    void theBodyHoldsTheRowExactlyAsLookerSentIt() throws Exception {
        ResultRun run = run(RESULT, new Identity(true, null, "alice@example.com", "data", List.of("analysts"), List.of("finance")));
        JsonNode body = JSON.readTree(rows(run).get(0).body());

        assertThat(body.path("index").asLong()).isZero();
        assertThat(body.path("format").asText()).isEqualTo("json");
        assertThat(body.path("row").toString()).isEqualTo(JSON.readTree(RESULT).get(0).toString());
        assertThat(new String(rows(run(RESULT, null)).get(0).body(), StandardCharsets.UTF_8))
                .contains("\"orders.total\":12345678901234567890.125").contains("São Paulo").doesNotContain("identity");
        assertThat(body.path("identity").path("team").asText()).isEqualTo("data");
        assertThat(body.path("identity").path("groups").get(0).asText()).isEqualTo("analysts");
    }

    @Test
    void idsDependOnPositionAndContentOnlyNotOnTheRun() throws Exception {
        List<String> first = ids(rows(run(RESULT, null)));
        List<String> again = ids(rows(run(RESULT, null)));
        List<String> changed = ids(rows(run(RESULT.replace("Zürich", "Zurich"), null)));
        List<String> swapped = ids(rows(run("[" + RESULT.substring(RESULT.indexOf("},{") + 2, RESULT.length() - 1) + ","
                + RESULT.substring(1, RESULT.indexOf("},{") + 1) + "]", null)));

        assertThat(again).isEqualTo(first);
        assertThat(changed.get(0)).isEqualTo(first.get(0));
        assertThat(changed.get(1)).isNotEqualTo(first.get(1));
        assertThat(swapped).doesNotContainAnyElementsOf(first);
    }

    private static ResultRun run(String result, Identity identity) {
        ResultRun run = new ResultRun("orders-route", JSON.createObjectNode());
        run.source(new LookerSource("look", "42", "7", "Orders", "5", "thelook", "orders"));
        RowSource rows = new ResultRowReader(new ByteArrayInputStream(result.getBytes(StandardCharsets.UTF_8)), ResultFormat.JSON, JSON);
        run.rows("json", rows);
        run.identity(identity);
        return run;
    }

    private List<PreparedEvent> rows(ResultRun run) throws Exception {
        List<PreparedEvent> events = new ArrayList<>();
        while (run.rows().hasNext()) {
            events.add(factory.row(run, run.rows().next()));
        }
        return events;
    }

    private static List<String> ids(List<PreparedEvent> events) {
        return events.stream().map(PreparedEvent::id).toList();
    }

    private static Map<String, String> headerMap(Headers headers) {
        Map<String, String> map = new TreeMap<>();
        headers.entrySet().forEach(entry -> {
            assertThat(entry.getValue()).as(entry.getKey()).hasSize(1);
            map.put(entry.getKey(), entry.getValue().get(0));
        });
        return map;
    }
}
