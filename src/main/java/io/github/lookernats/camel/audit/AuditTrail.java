package io.github.lookernats.camel.audit;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.github.lookernats.camel.events.NatsMessageEventWriter;
import io.github.lookernats.camel.events.PreparedEvent;
import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes the audit trail: one record per finished delivery, credential grant (or refusal) and admin action, each a
 * CloudEvent in the audit stream, stored before the action it records is reported done. Records carry names, ids
 * and fingerprints, never a secret or a token.
 */
public class AuditTrail {

    /** CloudEvents extensions that {@code nats stream view} and the admin endpoint filter on. */
    public static final String ROUTE = "auditroute";
    public static final String TEAM = "auditteam";
    public static final String RUN_ID = "runid";

    static final URI SOURCE = URI.create("/looker-nats-bridge/audit");
    private static final int RETRIES = 2;
    private static final long RETRY_DELAY_MILLIS = 200;

    private final JetStreamPublisher publisher;
    private final ObjectMapper mapper;
    private final String subjectPrefix;
    private final String typePrefix;
    private final MeterRegistry meters;
    private final TraceHeaders trace;

    /**
     * @param subjectPrefix the audit stream's subject prefix ({@code looker-audit})
     * @param typePrefix the events' CloudEvents type prefix; records are {@code <prefix>.audit.<kind>.v1}
     */
    public AuditTrail(JetStreamPublisher publisher, ObjectMapper mapper, String subjectPrefix, String typePrefix,
            MeterRegistry meters) {
        this(publisher, mapper, subjectPrefix, typePrefix, meters, TraceHeaders.NONE);
    }

    /** @param trace the trace context each record carries ({@code ce-traceparent}), that of the action it records */
    public AuditTrail(JetStreamPublisher publisher, ObjectMapper mapper, String subjectPrefix, String typePrefix,
            MeterRegistry meters, TraceHeaders trace) {
        this.trace = trace;
        this.publisher = publisher;
        this.mapper = mapper;
        this.subjectPrefix = subjectPrefix;
        this.typePrefix = typePrefix;
        this.meters = meters;
    }

    /** Stores a delivery record; {@code <prefix>.delivery.<team>.<route>}. Throws when it could not be stored. */
    public void delivery(DeliveryRecord record) throws Exception {
        String team = record.team() == null ? "_" : record.team();
        // one record per run and outcome: a retried write is de-duplicated
        write("delivery", subjectPrefix + ".delivery." + SubjectNames.token(team) + "." + SubjectNames.token(record.route()),
                record.runId() + "|" + record.outcome(), record.route(), record.team(), record.runId(), record);
    }

    /** Stores a credential grant; {@code <prefix>.grant}. Throws when it could not be stored. */
    public void grant(GrantRecord record) throws Exception {
        write("grant", subjectPrefix + ".grant", record.jwtId(), null, String.join(",", record.teams()), null, record);
    }

    /** Stores a refused credential request, without the token; {@code <prefix>.grant-refused}. */
    public void refusedGrant(RefusedGrantRecord record) throws Exception {
        write("grant-refused", subjectPrefix + ".grant-refused", UUID.randomUUID().toString(), null, null, null, record);
    }

    /** Stores an admin action; {@code <prefix>.admin.<action>}. Throws when it could not be stored. */
    public void admin(AdminRecord record) throws Exception {
        write("admin", subjectPrefix + ".admin." + SubjectNames.token(record.action()), UUID.randomUUID().toString(),
                null, null, null, record);
    }

    private void write(String kind, String subject, String id, String route, String team, String runId, Object record)
            throws Exception {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(id)
                .withType(typePrefix + ".audit." + kind + ".v1")
                .withSource(SOURCE)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withData("application/json", URI.create("urn:io.github.lookernats:looker:audit:" + kind + ":v1"),
                        mapper.writeValueAsBytes(record));
        if (route != null) {
            event.withExtension(ROUTE, route);
        }
        if (team != null && !team.isEmpty()) {
            event.withExtension(TEAM, team);
        }
        if (runId != null) {
            event.withExtension(RUN_ID, runId);
        }
        trace.current().forEach(event::withExtension);
        PreparedEvent prepared = new NatsMessageEventWriter(subject).writeBinary(event.build());
        // the record's id makes a second attempt a duplicate JetStream drops, so retrying cannot record twice
        for (int attempt = 0; ; attempt++) {
            try {
                publisher.publishAndWait(prepared);
                break;
            } catch (Exception e) {
                if (attempt >= RETRIES || e instanceof InterruptedException) {
                    Counter.builder("bridge.audit.failed").tag("kind", kind).description("Audit records that could not be stored")
                            .register(meters).increment();
                    throw e;
                }
                Thread.sleep(RETRY_DELAY_MILLIS << attempt);
            }
        }
        Counter.builder("bridge.audit.records").tag("kind", kind).description("Audit records stored")
                .register(meters).increment();
    }
}
