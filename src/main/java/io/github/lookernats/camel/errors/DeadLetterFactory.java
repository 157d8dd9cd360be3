package io.github.lookernats.camel.errors;


import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.events.LookerEventFactory;
import io.github.lookernats.camel.events.NatsMessageEventWriter;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.RunIncompleteException;
import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.nats.client.Connection;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns a failed run into a dead-letter message: a JSON envelope with what started the run (a poll reference or the
 * pushed delivery), the route, the exception, the attempts and how far the run got.
 */
public class DeadLetterFactory {

    /** Headers on a dead letter, so tools can filter without parsing the body. */
    public static final String ROUTE = "Bridge-Route";
    public static final String EXCEPTION = "Bridge-Exception";
    public static final String ERROR = "Bridge-Error";
    public static final String ATTEMPTS = "Bridge-Attempts";
    public static final String FAILED_AT = "Bridge-Failed-At";
    /** Exchange property: attempts a replayed dead letter had already used. */
    public static final String PREVIOUS_ATTEMPTS = "bridgePreviousAttempts";

    private final ObjectMapper mapper;
    private final Settings settings;
    private final Connection connection;
    private final TraceHeaders trace;

    public DeadLetterFactory(ObjectMapper mapper, Settings settings, Connection natsConnection) {
        this(mapper, settings, natsConnection, TraceHeaders.NONE);
    }

    /** @param trace the failed run's trace context, written as W3C {@code traceparent} / {@code tracestate} headers */
    public DeadLetterFactory(ObjectMapper mapper, Settings settings, Connection natsConnection, TraceHeaders trace) {
        this.trace = trace;
        this.mapper = mapper;
        this.settings = settings;
        this.connection = natsConnection;
    }

    /**
     * @param subjectPrefix letters go to {@code <subjectPrefix>.<route>}, in the dead-letter stream
     * @param payloadBucket object store bucket for letters larger than {@code maxInlineBytes}
     * @param maxInlineBytes largest letter kept in the message itself
     */
    public record Settings(String subjectPrefix, String payloadBucket, long maxInlineBytes) {

        /** The bridge's defaults: {@code looker-dlq.<route>}, bucket {@code LOOKER_DEAD_LETTER_PAYLOADS}, 512 KB. */
        public static final Settings DEFAULT = new Settings("looker-dlq", "LOOKER_DEAD_LETTER_PAYLOADS", 512 * 1024);
    }

    public void prepare(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        String route = run != null ? run.routeId() : exchange.getFromRouteId();
        // a replayed dead letter keeps counting from its earlier attempts
        int attempts = exchange.getProperty(PREVIOUS_ATTEMPTS, 0, Integer.class)
                + Math.max(1, exchange.getProperty(FailedAttempt.ATTEMPTS, 1, Integer.class));
        Instant failedAt = Instant.now();

        ObjectNode letter = mapper.createObjectNode();
        letter.put("route", route);
        letter.put("failedAt", failedAt.toString());
        letter.put("attempts", attempts);
        if (cause instanceof RunIncompleteException incomplete) {
            letter.put("rowsReadBeforeFailure", incomplete.rowsRead());
            cause = incomplete.getCause();
        } else if (run != null && run.rows() != null) {
            letter.put("rowsReadBeforeFailure", run.rows().rowCount());
        }
        ObjectNode error = letter.putObject("exception");
        error.put("class", cause == null ? null : cause.getClass().getName());
        error.put("message", cause == null ? null : cause.getMessage());
        if (run != null) {
            letter.put("runId", run.runId());
            letter.put("startedAt", run.startedAt().toString());
            letter.put("kind", run.input() == null ? null : run.input().path("kind").asText(null));
            letter.set("input", run.input());
        }

        String dedupKey = run != null ? run.runId() : exchange.getExchangeId();
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(NatsMessageEventWriter.MSG_ID, "dlq-" + dedupKey);
        message.setHeader(ROUTE, route);
        message.setHeader(EXCEPTION, error.path("class").asText(""));
        message.setHeader(ERROR, oneLine(error.path("message").asText("")));
        message.setHeader(ATTEMPTS, Integer.toString(attempts));
        message.setHeader(FAILED_AT, failedAt.toString());
        message.setHeader(NatsMessageEventWriter.CONTENT_TYPE, "application/json");
        trace.current().forEach(message::setHeader);
        message.setBody(inlineOrClaimCheck(letter, "dlq-" + dedupKey));
        exchange.setProperty(LookerEventFactory.SUBJECT,
                settings.subjectPrefix() + "." + SubjectNames.token(route));
    }

    /**
     * A letter too large for one NATS message goes whole into the object store; the message keeps everything but
     * the input, plus where to find it.
     */
    private byte[] inlineOrClaimCheck(ObjectNode letter, String name) throws Exception {
        byte[] whole = mapper.writeValueAsBytes(letter);
        if (whole.length <= settings.maxInlineBytes()) {
            return whole;
        }
        String bucket = settings.payloadBucket();
        connection.objectStore(bucket).put(name, whole);
        letter.remove("input");
        letter.putObject("inputRef").put("bucket", bucket).put("object", name).put("size", whole.length)
                .put("note", "the whole dead letter, input included, is this object");
        return mapper.writeValueAsBytes(letter);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
