package io.github.lookernats.bridge.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.github.lookernats.bridge.identity.Identity;
import io.github.lookernats.bridge.looker.ResultRow;
import io.github.lookernats.bridge.looker.RowSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

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

    /** One row event. */
    public PreparedEvent row(ResultRun run, ResultRow row) throws IOException {
        String subject = run.memo("rowSubject", () -> subject(run, properties.rowSuffix()));
        // the id covers destination, source, position and content: the same row re-published is a duplicate
        String id = hash(subject + "|" + sourceUri(run) + "|" + row.index() + "|" + row.part() + "|", row.canonicalJson());
        CloudEvent event = base(run, id, properties.rowType())
                .withSubject(Long.toString(row.index()))
                .withData("application/json", rowData(run, row))
                .build();
        return prepared(event, subject);
    }

    /**
     * {@code {"index", "format", "part"?, "row", "numbers"?, "identity"?}}, written with a streaming generator: the row
     * goes in as the canonical bytes already made for its id, and the identity as bytes made once per run.
     */
    private byte[] rowData(ResultRun run, ResultRow row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(row.canonicalJson().length + 256);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("index", row.index());
            json.writeStringField("format", run.format());
            if (row.part() != null) {
                json.writeStringField("part", row.part());
            }
            json.writeFieldName("row");
            json.writeRawValue(new String(row.canonicalJson(), StandardCharsets.UTF_8));
            if (row.extras() != null) {
                for (Map.Entry<String, JsonNode> extra : row.extras().properties()) {
                    json.writeFieldName(extra.getKey());
                    json.writeTree(extra.getValue());
                }
            }
            if (run.identity() != null) {
                json.writeFieldName("identity");
                json.writeRawValue(run.<String>memo("identityJson", () -> identityJson(run)));
            }
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private String identityJson(ResultRun run) {
        try {
            return mapper.writeValueAsString(run.identity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** After every row: one summary event for the whole run. */
    public PreparedEvent summary(ResultRun run) throws JsonProcessingException {
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
        origin.put("uri", sourceUri(run).toString());
        data.put("model", source.model());
        data.put("explore", source.explore());
        data.put("format", run.format());
        data.put("fingerprint", "sha256:" + reader.fingerprint());
        if (reader.extras() != null) {
            data.setAll((ObjectNode) reader.extras());
        }
        addIdentity(data, run);
        String subject = subject(run, properties.summarySuffix());
        String id = hash(subject + "|" + sourceUri(run) + "|" + reader.rowCount() + "|" + reader.fingerprint(), new byte[0]);
        CloudEvent event = base(run, id, properties.summaryType())
                .withData("application/json", mapper.writeValueAsBytes(data))
                .build();
        return prepared(event, subject);
    }

    private CloudEventBuilder base(ResultRun run, String id, String type) {
        LookerSource source = run.source();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withType(type)
                .withSource(sourceUri(run))
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

    private URI sourceUri(ResultRun run) {
        return run.memo("sourceUri", () -> URI.create(lookerBaseUrl.toString().replaceAll("/+$", "") + run.source().path()));
    }

    /** The event as NATS carries it: only its own headers, plus its id as {@code Nats-Msg-Id}. */
    private static PreparedEvent prepared(CloudEvent event, String subject) {
        NatsEventMessage nats = new NatsMessageEventWriter().writeBinary(event);
        Map<String, String> headers = nats.headers(); // the writer's own map, made for this event
        headers.put(MSG_ID, nats.id());
        return new PreparedEvent(subject, headers, nats.body());
    }

    private static String hash(String prefix, byte[] content) {
        MessageDigest digest = DigestUtils.updateDigest(DigestUtils.getSha256Digest(), prefix);
        return Hex.encodeHexString(DigestUtils.updateDigest(digest, content).digest());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
