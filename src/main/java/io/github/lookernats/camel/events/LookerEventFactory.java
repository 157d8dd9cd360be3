package io.github.lookernats.camel.events;

import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.LookerSource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.github.lookernats.camel.run.Identity;
import io.github.lookernats.camel.run.ResultRow;
import io.github.lookernats.camel.run.RowSource;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Turns rows and finished runs into CloudEvents and puts them on the Camel message as NATS headers and body.
 * Ids are derived from the content, so publishing the same result again is de-duplicated by JetStream.
 */
public class LookerEventFactory {

    /** The events' ce-dataschema: the $id of their JSON Schema in docs/events, versioned with the type. */
    public static final URI ROW_SCHEMA = URI.create("urn:io.github.lookernats:looker:row:v1");
    public static final URI SUMMARY_SCHEMA = URI.create("urn:io.github.lookernats:looker:summary:v1");

    /** Exchange property with the subject the message is published to. */
    public static final String SUBJECT = "bridgeSubject";

    private final EventShape properties;
    private final URI lookerBaseUrl;
    private final ObjectMapper mapper;
    private final boolean teamInSubject;

    public LookerEventFactory(EventShape properties, URI lookerBaseUrl, ObjectMapper mapper, boolean teamInSubject) {
        this.properties = properties;
        this.lookerBaseUrl = lookerBaseUrl;
        this.mapper = mapper;
        this.teamInSubject = teamInSubject;
    }

    /** One row event. */
    public PreparedEvent row(ResultRun run, ResultRow row) throws IOException {
        RowEventTemplate template = run.memo("rowEvents", () -> rowTemplate(run));
        RowBodyWriter bodies = run.memo("rowBodies", () -> new RowBodyWriter(mapper, run.format(), identityJson(run)));
        return template.event(row, bodies.write(row));
    }

    private RowEventTemplate rowTemplate(ResultRun run) {
        String subject = subject(run, properties.rowSuffix());
        CloudEvent runAttributes = base(run, "per-row", properties.rowType())
                .withDataContentType("application/json")
                .withDataSchema(ROW_SCHEMA)
                .build();
        return new RowEventTemplate(runAttributes, subject, subject + "|" + sourceUri(run) + "|");
    }

    private RawJson identityJson(ResultRun run) {
        if (run.identity() == null) {
            return null;
        }
        try {
            return new RawJson(mapper.writeValueAsBytes(run.identity()));
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** After every row: one summary event for the whole run. */
    public PreparedEvent summary(ResultRun run) throws JacksonException {
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
                .withData("application/json", SUMMARY_SCHEMA, mapper.writeValueAsBytes(data))
                .build();
        return new NatsMessageEventWriter(subject).writeBinary(event);
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
        // the CloudEvents distributed-tracing extension: ce-traceparent, ce-tracestate
        run.traceContext().forEach(builder::withExtension);
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

    /** The subjects of a run's row and summary events. */
    public java.util.List<String> subjects(ResultRun run) {
        return java.util.List.of(subject(run, properties.rowSuffix()), subject(run, properties.summarySuffix()));
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

    private static String hash(String prefix, byte[] content) {
        MessageDigest digest = DigestUtils.updateDigest(DigestUtils.getSha256Digest(), prefix);
        return Hex.encodeHexString(DigestUtils.updateDigest(digest, content).digest());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
