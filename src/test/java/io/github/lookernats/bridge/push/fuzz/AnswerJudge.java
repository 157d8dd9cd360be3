package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.EVENTS;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.JSON;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.NODES;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.abbreviate;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.quote;

import io.github.lookernats.bridge.push.fuzz.Finding.Kind;
import io.github.lookernats.bridge.support.EventSchemas;
import io.nats.client.Message;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Applies the rules of {@link PushFuzzTest}'s class comment to one case. */
record AnswerJudge(FuzzCase fuzzCase, CaseInput input, Answer answer, List<Finding> findings) {

    private static final ObjectMapper EXACT_EVENTS = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Pattern FRAME = Pattern.compile("\\b[\\w$]+\\.[\\w$<>]+\\([\\w$]+\\.java:\\d+\\)");

    void check(List<Message> published, long newLetters, EventObserver observer) throws InterruptedException {
        try {
            checkAnswer(published, newLetters, observer);
        } finally {
            // every event seen, including one that arrived while waiting for a late summary
            for (Message event : published) {
                String type = event.getHeaders() == null ? null : event.getHeaders().getFirst("ce-type");
                try {
                    var problems = EventSchemas.problems(type, event.getData());
                    if (!problems.isEmpty()) {
                        fail(Kind.SCHEMA, "event on " + event.getSubject() + " does not match its schema: " + problems);
                    }
                } catch (RuntimeException e) {
                    fail(Kind.SCHEMA, "event on " + event.getSubject() + " (type " + type + ") cannot be checked: " + e);
                }
            }
        }
    }

    private void checkAnswer(List<Message> published, long newLetters, EventObserver observer) throws InterruptedException {
        if (answer.failure() != null) {
            fail(Kind.NO_ANSWER, "no HTTP answer: " + answer.failure());
            return;
        }
        int status = answer.status();
        String body = answer.body();
        if (body.contains("\tat ") || body.contains("\\tat ") || body.contains("at java.") || FRAME.matcher(body).find()) {
            fail(Kind.STACK_TRACE, "stack trace in the response body");
        }
        JsonNode json = null;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            fail(Kind.NOT_JSON, "the response body is not JSON");
        }
        if (json != null && !json.isObject()) {
            fail(Kind.NOT_JSON, "the response body is not a JSON object");
        }
        JsonNode answerJson = json == null ? NODES.objectNode() : json;

        List<Message> summaries = published.stream().filter(AnswerJudge::isSummary).toList();

        String refusal = fuzzCase.expectedRefusal();
        boolean refusedBeforeReading = status == 401 || status == 403 || status == 404 || status == 415 || status == 429
                || (status == 413 && answerJson.path("error").asString("").contains("bridge.push.max-body-size"));
        if (status >= 500) {
            fail(Kind.SERVER_ERROR, "answered " + status);
            return;
        }
        if (refusal != null || refusedBeforeReading) {
            if (refusal == null) {
                fail(Kind.UNEXPECTED_REFUSAL, "refused with " + status + " although the request was acceptable");
            } else if (!refusal.equals(Integer.toString(status))) {
                fail(Kind.WRONG_REFUSAL, "expected refusal " + refusal + " but got " + status);
            }
            if (newLetters != 0) {
                fail(Kind.LETTER_COUNT, "a refused request added " + newLetters + " dead letter(s)");
            }
            if (!summaries.isEmpty()) {
                fail(Kind.SUMMARY_WITHOUT_SUCCESS, "a refused request published a summary");
            }
            return;
        }
        JsonNode looker = answerJson.path("looker");
        boolean stored = status == 200 && looker.path("success").isBoolean() && looker.path("success").asBoolean();
        if (stored) {
            checkStored(summaries, published, newLetters, answerJson, observer);
            return;
        }
        boolean deadLettered = (status >= 400 && status < 500
                        && answerJson.path("error").asString("").contains("stored in the dead-letter stream"))
                || (status == 202 && answerJson.path("deadLettered").asBoolean(false) && fuzzCase.webhook()
                        && looker.path("success").isBoolean() && !looker.path("success").asBoolean())
                || (status == 200 && !fuzzCase.webhook() && looker.path("success").isBoolean()
                        && !looker.path("success").asBoolean());
        if (!deadLettered) {
            fail(Kind.UNEXPECTED_ANSWER, "neither a success, a refusal nor a dead-lettered answer: " + status);
            return;
        }
        if (newLetters != 1) {
            fail(Kind.LETTER_COUNT, "answered as dead-lettered (" + status + ") but " + newLetters
                    + " letter(s) were added on looker-dlq." + fuzzCase.route());
        }
        if (!summaries.isEmpty()) {
            fail(Kind.SUMMARY_WITHOUT_SUCCESS, "a dead-lettered delivery published a summary");
        }
    }

    private void checkStored(List<Message> summaries, List<Message> published, long newLetters, JsonNode answerJson,
            EventObserver observer) throws InterruptedException {
        if (newLetters != 0) {
            fail(Kind.LETTER_COUNT, "a success also added " + newLetters + " dead letter(s)");
        }
        if (summaries.isEmpty()) {
            // under load the server may route the summary to this connection after the barrier: wait for it
            published.addAll(observer.awaitSummary());
            summaries = published.stream().filter(AnswerJudge::isSummary).toList();
        }
        if (summaries.size() != 1) {
            fail(Kind.SUMMARY_MISSING, "a success published " + summaries.size() + " summaries");
            return;
        }
        Message summary = summaries.get(0);
        String id = summary.getHeaders().getFirst("Nats-Msg-Id");
        String runId = summary.getHeaders().getFirst("ce-runid");
        if (!observer.awaitStored(id)) {
            fail(Kind.SUMMARY_NOT_STORED, "summary " + id + " on " + summary.getSubject() + " is not in " + EVENTS);
        }
        JsonNode data = JSON.readTree(summary.getData());
        long rowCount = data.path("rowCount").asLong(-1);
        long rows = published.stream().filter(event -> !isSummary(event) && event.getHeaders() != null
                && runId != null && runId.equals(event.getHeaders().getFirst("ce-runid"))).count();
        if (rows != rowCount) {
            fail(Kind.ROW_COUNT, "summary says " + rowCount + " rows but " + rows + " row events were published");
        }
        if (fuzzCase.webhook() && answerJson.path("events").asLong(-1) != rowCount + 1) {
            fail(Kind.ROW_COUNT, "answered events=" + answerJson.path("events") + " for " + rowCount + " rows");
        }
        if (fuzzCase.expectedRows() >= 0 && rowCount != fuzzCase.expectedRows()) {
            fail(Kind.ROW_COUNT, "an unmutated delivery of " + fuzzCase.expectedRows() + " rows stored " + rowCount);
        }
        for (Message event : published) {
            if (!isSummary(event) && event.getHeaders() != null && runId != null
                    && runId.equals(event.getHeaders().getFirst("ce-runid"))) {
                JsonNode row = readEvent(event.getData());
                for (Map.Entry<String, JsonNode> number : row.path("numbers").properties()) {
                    String text = row.path("row").path(number.getKey()).asString(null);
                    BigDecimal shown = text == null ? null : numberShown(text);
                    if (shown == null || !number.getValue().isNumber()
                            || shown.compareTo(number.getValue().decimalValue()) != 0) {
                        fail(Kind.NUMBER_NOT_AS_SHOWN, "cell " + quote(String.valueOf(text)) + " of column "
                                + quote(number.getKey()) + " was given the number " + number.getValue());
                    }
                }
            }
        }
        List<JsonNode> expected = input.expectedRows();
        if (expected != null && rows == rowCount) {
            List<JsonNode> stored = published.stream().filter(event -> !isSummary(event) && event.getHeaders() != null
                            && runId != null && runId.equals(event.getHeaders().getFirst("ce-runid")))
                    .map(event -> readEvent(event.getData()))
                    .sorted(java.util.Comparator.comparingLong(event -> event.path("index").asLong()))
                    .map(event -> event.path("row")).toList();
            if (stored.size() != expected.size()) {
                fail(Kind.ROW_MISMATCH, "the input holds " + expected.size() + " rows, " + stored.size() + " were stored");
            } else {
                for (int i = 0; i < stored.size(); i++) {
                    if (!sameJson(expected.get(i), stored.get(i))) {
                        fail(sameJsonAsDoubles(expected.get(i), stored.get(i)) ? Kind.NUMBER_PRECISION_LOST : Kind.ROW_MISMATCH,
                                "row " + i + " differs from the input: sent " + abbreviate(expected.get(i).toString())
                                        + ", stored " + abbreviate(stored.get(i).toString()));
                        break;
                    }
                }
            }
        }
        if (rowCount == 0 && !input.legitimatelyEmpty()) {
            fail(Kind.SILENT_EMPTY_SUCCESS, "success with 0 rows (format " + data.path("format").asString()
                    + ", fields " + data.path("fields") + ") for an input that holds no empty result: " + input);
        }
    }

    private static JsonNode readEvent(byte[] data) {
        try {
            return EXACT_EVENTS.readTree(data);
        } catch (RuntimeException e) {
            return NODES.objectNode().put("unreadable", e.toString());
        }
    }

    /**
     * The number a formatted cell shows, read here: a sign, an optional currency symbol ($ € £ ¥) and a sign
     * after it, then digits with thousands separators and a decimal fraction; negative with one minus. Null
     * when the text shows no number that way (two minus signs, letters, …).
     */
    static BigDecimal numberShown(String text) {
        String value = text.strip();
        int minus = 0;
        if (value.startsWith("-") || value.startsWith("+")) {
            minus += value.startsWith("-") ? 1 : 0;
            value = value.substring(1);
        }
        if (!value.isEmpty() && "$€£¥".indexOf(value.charAt(0)) >= 0) {
            value = value.substring(1);
            if (value.startsWith("-") || value.startsWith("+")) {
                minus += value.startsWith("-") ? 1 : 0;
                value = value.substring(1);
            }
        }
        value = value.replace(",", "");
        if (minus > 1 || !value.matches("[0-9]+(\\.[0-9]+)?")) {
            return null;
        }
        return new BigDecimal(minus == 1 ? "-" + value : value);
    }

    /** Equal JSON, numbers compared by value (1.0 = 1, exact digits kept). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (!new java.util.HashSet<>(a.propertyNames()).equals(new java.util.HashSet<>(b.propertyNames()))) {
                return false;
            }
            return a.propertyNames().stream().allMatch(name -> sameJson(a.get(name), b.get(name)));
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * Equal once every number of the input is rounded to a double, as a parser that reads doubles does (an
     * overflow is then written as the text "Infinity").
     */
    static boolean sameJsonAsDoubles(JsonNode sent, JsonNode stored) {
        if (sent.isNumber()) {
            double value = sent.decimalValue().doubleValue();
            if (stored.isNumber()) {
                return value == stored.doubleValue();
            }
            return Double.isInfinite(value) && stored.isString()
                    && stored.asString().equals(value > 0 ? "Infinity" : "-Infinity");
        }
        if (sent.isObject() && stored.isObject()) {
            return new java.util.HashSet<>(sent.propertyNames()).equals(new java.util.HashSet<>(stored.propertyNames()))
                    && sent.propertyNames().stream().allMatch(name -> sameJsonAsDoubles(sent.get(name), stored.get(name)));
        }
        if (sent.isArray() && stored.isArray() && sent.size() == stored.size()) {
            for (int i = 0; i < sent.size(); i++) {
                if (!sameJsonAsDoubles(sent.get(i), stored.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sent.equals(stored);
    }

    private static boolean isSummary(Message event) {
        return event.getSubject().endsWith(".summary");
    }

    private void fail(Kind kind, String problem) {
        findings.add(new Finding(kind, problem, fuzzCase, input, answer));
    }
}
