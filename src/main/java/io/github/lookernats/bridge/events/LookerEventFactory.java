package io.github.lookernats.bridge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.github.lookernats.bridge.identity.Identity;
import io.github.lookernats.bridge.looker.ResultRow;
import io.github.lookernats.bridge.looker.RowSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns rows and finished runs into CloudEvents and puts them on the Camel message as NATS headers and body.
 * Ids are derived from the content, so publishing the same result again is de-duplicated by JetStream.
 */
public class LookerEventFactory {

    /** Exchange property with the subject the message is published to. */
    public static final String SUBJECT = "bridgeSubject";
    /** JetStream's de-duplication header. */
    public static final String MSG_ID = "Nats-Msg-Id";

    private final EventProperties properties;
    private final URI lookerBaseUrl;
    private final ObjectMapper mapper;
    private final boolean teamInSubject;

    public LookerEventFactory(EventProperties properties, URI lookerBaseUrl, ObjectMapper mapper, boolean teamInSubject) {
        this.properties = properties;
        this.lookerBaseUrl = lookerBaseUrl;
        this.mapper = mapper;
        this.teamInSubject = teamInSubject;
    }

    /** The row in the body becomes a row event. */
    public void row(Exchange exchange) throws JsonProcessingException {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        ResultRow row = exchange.getMessage().getBody(ResultRow.class);
        LookerSource source = run.source();
        ObjectNode data = mapper.createObjectNode();
        data.put("index", row.index());
        data.put("format", run.format());
        if (row.part() != null) {
            data.put("part", row.part());
        }
        data.set("row", row.values());
        if (row.extras() != null) {
            data.setAll(row.extras());
        }
        addIdentity(data, run);
        String subject = subject(run, properties.rowSuffix());
        // the id covers destination, source, position and content: the same row re-published is a duplicate
        String id = hash(subject + "|" + sourceUri(source) + "|" + row.index() + "|" + row.part() + "|", row.canonicalJson());
        CloudEvent event = base(run, id, properties.rowType())
                .withSubject(Long.toString(row.index()))
                .withData("application/json", mapper.writeValueAsBytes(data))
                .build();
        write(exchange, event, subject);
    }

    /** After the split: one summary event for the whole run. */
    public void summary(Exchange exchange) throws JsonProcessingException {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        RowSource reader = run.rows();
        LookerSource source = run.source();
        ObjectNode data = mapper.createObjectNode();
        data.put("runId", run.runId());
        // a summary is only published after every row was acknowledged
        data.put("status", "complete");
        data.put("rowCount", reader.rowCount());
        data.set("fields", mapper.valueToTree(reader.fields()));
        data.put("startedAt", run.startedAt().toString());
        data.put("durationMs", Duration.between(run.startedAt(), Instant.now()).toMillis());
        ObjectNode origin = data.putObject("source");
        origin.put("kind", source.kind());
        origin.put("id", source.id());
        origin.put("queryId", source.queryId());
        origin.put("title", source.title());
        origin.put("ownerId", source.ownerId());
        origin.put("uri", sourceUri(source).toString());
        data.put("model", source.model());
        data.put("explore", source.explore());
        data.put("format", run.format());
        data.put("fingerprint", "sha256:" + reader.fingerprint());
        if (reader.extras() != null) {
            data.setAll((ObjectNode) reader.extras());
        }
        addIdentity(data, run);
        String subject = subject(run, properties.summarySuffix());
        String id = hash(subject + "|" + sourceUri(source) + "|" + reader.rowCount() + "|" + reader.fingerprint(), new byte[0]);
        CloudEvent event = base(run, id, properties.summaryType())
                .withData("application/json", mapper.writeValueAsBytes(data))
                .build();
        write(exchange, event, subject);
    }

    private CloudEventBuilder base(ResultRun run, String id, String type) {
        LookerSource source = run.source();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withType(type)
                .withSource(sourceUri(source))
                .withTime(run.startedAt().atOffset(ZoneOffset.UTC))
                .withExtension("lookermodel", nullToEmpty(source.model()))
                .withExtension("lookerexplore", nullToEmpty(source.explore()))
                .withExtension("runid", run.runId());
        Identity identity = run.identity();
        if (identity != null) {
            // a short subset in headers, for consumers and NATS tooling that do not parse bodies
            builder.withExtension("identityresolved", Boolean.toString(identity.resolved()))
                    .withExtension("ownerteam", nullToEmpty(identity.team()))
                    .withExtension("audience", String.join(",", identity.audience()));
        }
        return builder;
    }

    private void addIdentity(ObjectNode data, ResultRun run) {
        if (run.identity() != null) {
            data.set("identity", mapper.valueToTree(run.identity()));
        }
    }

    /** {@code <prefix>[.<team>].<model>.<explore>.<suffix>} */
    private String subject(ResultRun run, String suffix) {
        LookerSource source = run.source();
        String prefix = properties.subjectPrefix();
        if (teamInSubject && run.identity() != null) {
            String team = run.identity().team();
            prefix = prefix + "." + SubjectNames.token(team == null ? "unresolved" : team);
        }
        return SubjectNames.subject(prefix, source.model(), source.explore(), suffix);
    }

    private URI sourceUri(LookerSource source) {
        return URI.create(lookerBaseUrl.toString().replaceAll("/+$", "") + source.path());
    }

    /** Replaces every header: only the event's own headers may reach NATS. */
    private static void write(Exchange exchange, CloudEvent event, String subject) {
        NatsEventMessage nats = new NatsMessageEventWriter().writeBinary(event);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.getHeaders().putAll(nats.headers());
        message.setHeader(MSG_ID, nats.id());
        message.setBody(nats.body());
        exchange.setProperty(SUBJECT, subject);
    }

    private static String hash(String prefix, byte[] content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prefix.getBytes(StandardCharsets.UTF_8));
            digest.update(content);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
