package io.github.lookernats.bridge.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lookernats.bridge.events.LookerEventFactory;
import io.github.lookernats.bridge.events.NatsMessageEventWriter;
import io.github.lookernats.bridge.events.SubjectNames;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.poll.PollRun;
import io.github.lookernats.bridge.poll.PollSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Turns a failed exchange into a dead-letter message: a JSON envelope with the original input (the event that
 * could not be published, or a reference to the poll that failed), the route, the exception and the attempts.
 */
@Component
public class DeadLetterFactory {

    /** Headers on a dead letter, so tools can filter without parsing the body. */
    public static final String ROUTE = "Bridge-Route";
    public static final String EXCEPTION = "Bridge-Exception";
    public static final String ERROR = "Bridge-Error";
    public static final String ATTEMPTS = "Bridge-Attempts";
    public static final String FAILED_AT = "Bridge-Failed-At";
    public static final String ORIGINAL_SUBJECT = "Bridge-Original-Subject";

    private final ObjectMapper mapper;
    private final NatsProperties nats;

    public DeadLetterFactory(ObjectMapper mapper, NatsProperties nats) {
        this.mapper = mapper;
        this.nats = nats;
    }

    public void prepare(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        PollRun run = exchange.getProperty(PollRun.PROPERTY, PollRun.class);
        Message message = exchange.getMessage();
        String route = run != null ? run.routeId() : exchange.getFromRouteId();
        int attempts = Math.max(1, exchange.getProperty(FailedAttempt.ATTEMPTS, 1, Integer.class));
        Instant failedAt = Instant.now();
        String eventId = message.getHeader(NatsMessageEventWriter.CE_PREFIX + "id", String.class);
        String originalSubject = eventId == null ? null : exchange.getProperty(LookerEventFactory.SUBJECT, String.class);

        ObjectNode letter = mapper.createObjectNode();
        letter.put("route", route);
        letter.put("failedRoute", exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
        letter.put("failedAt", failedAt.toString());
        letter.put("attempts", attempts);
        ObjectNode error = letter.putObject("exception");
        error.put("class", cause == null ? null : cause.getClass().getName());
        error.put("message", cause == null ? null : cause.getMessage());
        if (eventId != null) {
            if (run != null && eventId != null && isRow(message)) {
                run.rowDeadLettered();
            }
            letter.put("kind", "event");
            letter.put("originalSubject", originalSubject);
            letter.set("originalHeaders", mapper.valueToTree(eventHeaders(message)));
            letter.set("input", bodyAsJson(message.getBody(byte[].class)));
        } else {
            letter.put("kind", "poll");
            letter.set("input", pollReference(run));
        }

        String dedupKey = eventId != null ? eventId : run != null ? run.runId() : exchange.getExchangeId();
        message.getHeaders().clear();
        message.setHeader(LookerEventFactory.MSG_ID, "dlq-" + dedupKey);
        message.setHeader(ROUTE, route);
        message.setHeader(EXCEPTION, error.path("class").asText(""));
        message.setHeader(ERROR, oneLine(error.path("message").asText("")));
        message.setHeader(ATTEMPTS, Integer.toString(attempts));
        message.setHeader(FAILED_AT, failedAt.toString());
        if (originalSubject != null) {
            message.setHeader(ORIGINAL_SUBJECT, originalSubject);
        }
        message.setHeader(NatsMessageEventWriter.CONTENT_TYPE, "application/json");
        message.setBody(mapper.writeValueAsBytes(letter));
        exchange.setProperty(LookerEventFactory.SUBJECT,
                nats.streams().deadLetter().subjectPrefix() + "." + SubjectNames.token(route));
    }

    private static boolean isRow(Message message) {
        String type = message.getHeader(NatsMessageEventWriter.CE_PREFIX + "type", String.class);
        return type != null && type.endsWith(".row.v1");
    }

    private static Map<String, String> eventHeaders(Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase();
            if (lower.startsWith(NatsMessageEventWriter.CE_PREFIX) || lower.equals(NatsMessageEventWriter.CONTENT_TYPE)
                    || name.equals(LookerEventFactory.MSG_ID)) {
                headers.put(name, String.valueOf(value));
            }
        });
        return headers;
    }

    private JsonNode bodyAsJson(byte[] body) {
        if (body == null) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (Exception notJson) {
            return mapper.getNodeFactory().textNode("base64:" + Base64.getEncoder().encodeToString(body));
        }
    }

    private JsonNode pollReference(PollRun run) {
        ObjectNode reference = mapper.createObjectNode();
        if (run == null) {
            return reference;
        }
        PollSpec spec = run.spec();
        reference.put("runId", run.runId());
        reference.put("startedAt", run.startedAt().toString());
        reference.put("lookId", spec.lookId());
        reference.put("queryId", spec.queryId());
        reference.set("inlineQuery", spec.inlineQuery());
        reference.put("format", spec.format().wireName());
        reference.put("limit", spec.limit());
        if (run.reader() != null) {
            reference.put("rowsReadBeforeFailure", run.reader().rowCount());
        }
        return reference;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
