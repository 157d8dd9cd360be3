package io.github.lookernats.bridge.poll;

import io.github.lookernats.camel.events.PreparedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code expect} list of a route test: per subject, how many events, the fields of its row events (in order, each
 * a subset of the event's {@code row}), fields no row may have, and a subset of the first event's data.
 */
final class RouteTestExpectations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteTestExpectations() {
    }

    static List<String> check(JsonNode expectations, List<PreparedEvent> events) {
        List<String> problems = new ArrayList<>();
        if (!expectations.isArray() || expectations.isEmpty()) {
            return List.of("the test expects nothing: give 'expect' a list of subjects");
        }
        for (JsonNode expected : expectations) {
            String subject = expected.path("subject").asString("");
            List<JsonNode> data = events.stream().filter(event -> event.subject().equals(subject))
                    .map(event -> JSON.readTree(event.body())).toList();
            if (expected.has("count") && data.size() != expected.path("count").asInt()) {
                problems.add(subject + ": " + data.size() + " events, expected " + expected.path("count").asInt()
                        + " (subjects published: " + events.stream().map(PreparedEvent::subject).distinct().toList() + ")");
                continue;
            }
            JsonNode rows = expected.path("rows");
            for (int i = 0; i < rows.size(); i++) {
                if (i >= data.size()) {
                    problems.add(subject + ": row " + i + " expected, but only " + data.size() + " events");
                    break;
                }
                String mismatch = subset(rows.get(i), data.get(i).path("row"));
                if (mismatch != null) {
                    problems.add(subject + ": row " + i + ": " + mismatch);
                }
            }
            for (JsonNode field : expected.path("without")) {
                long having = data.stream().filter(event -> event.path("row").has(field.asString())).count();
                if (having > 0) {
                    problems.add(subject + ": " + having + " rows still have '" + field.asString() + "'");
                }
            }
            if (expected.has("data")) {
                String mismatch = data.isEmpty() ? "no event" : subset(expected.path("data"), data.get(0));
                if (mismatch != null) {
                    problems.add(subject + ": data: " + mismatch);
                }
            }
        }
        return problems;
    }

    /** Null when every field of {@code expected} has the same value in {@code actual}, else the first difference. */
    private static String subset(JsonNode expected, JsonNode actual) {
        for (Map.Entry<String, JsonNode> field : expected.properties()) {
            JsonNode value = actual.get(field.getKey());
            if (value == null) {
                return "no field '" + field.getKey() + "'";
            }
            boolean same = value.isNumber() && field.getValue().isNumber()
                    ? value.decimalValue().compareTo(field.getValue().decimalValue()) == 0
                    : value.equals(field.getValue());
            if (!same) {
                return "'" + field.getKey() + "' is " + value + ", expected " + field.getValue();
            }
        }
        return null;
    }
}
