package io.github.lookernats.camel.events;

import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.errors.DeadLetterFactory;
import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.nats.JetStreamSetup;
import io.github.lookernats.camel.nats.PublishSettings;
import io.github.lookernats.camel.telemetry.ProgressLog;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.github.lookernats.camel.telemetry.TraceHeaders;
import io.micrometer.core.instrument.Metrics;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.time.Duration;
import org.apache.camel.Exchange;
import io.github.lookernats.camel.run.ResultRun;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline and dead-letter writer of a {@code looker-events} component used on its own (Camel Main, JBang,
 * Camel K): its own NATS connection, the bridge's three streams, events without identity enrichment, and an audit
 * record per delivery. Built from the component's options with the bridge application's defaults.
 */
final class OwnPipeline implements ResultPipeline, AutoCloseable {

    /** What the application's {@code bridge.nats.streams.*} defaults to, so both write the same streams. */
    static final String EVENTS_STREAM = "LOOKER_EVENTS";
    static final String DEAD_LETTER_STREAM = "LOOKER_DEAD_LETTERS";
    static final String AUDIT_STREAM = "LOOKER_AUDIT";

    private final Connection connection;
    private final EventPipeline pipeline;
    private final DeadLetterWriter deadLetters;

    OwnPipeline(Connection connection, LookerEventsComponent options, URI lookerUrl, RunTelemetry telemetry) throws Exception {
        this.connection = connection;
        setUpStreams(options); // with createStreams off, only checks that they are there
        ObjectMapper mapper = JsonMapper.builder().build();
        EventShape shape = new EventShape(options.getSubjectPrefix(), "row", "summary", options.getTypePrefix());
        JetStreamPublisher publisher = new JetStreamPublisher(connection, new PublishSettings(options.getMaxInFlight(),
                Duration.ofMillis(options.getPublishTimeout()), options.getPublishRetries(),
                Duration.ofMillis(options.getRetryDelay())), Metrics.globalRegistry);
        LookerEventFactory events = new LookerEventFactory(shape, lookerUrl, mapper, false);
        DeliveryAudit audit = new DeliveryAudit(new AuditTrail(publisher, mapper, options.getAuditSubjectPrefix(),
                options.getTypePrefix(), Metrics.globalRegistry), events);
        this.pipeline = new EventPipeline(events, publisher, OwnerResolver.NONE, audit, telemetry, TraceHeaders.NONE,
                ProgressLog.DEFAULT);
        this.deadLetters = new DeadLetterWriter(new DeadLetterFactory(mapper, new DeadLetterFactory.Settings(
                options.getDeadLetterSubjectPrefix(), options.getDeadLetterPayloadBucket(),
                DeadLetterFactory.Settings.DEFAULT.maxInlineBytes()), connection), publisher, audit, telemetry);
    }

    private void setUpStreams(LookerEventsComponent options) throws Exception {
        boolean create = options.isCreateStreams();
        int replicas = options.getStreamReplicas();
        Duration window = Duration.ofMinutes(2);
        JetStreamManagement jsm = connection.jetStreamManagement();
        StreamConfiguration deadLetter = JetStreamSetup.stream(DEAD_LETTER_STREAM, options.getDeadLetterSubjectPrefix(),
                "file", Duration.ofDays(30), window, replicas, -1);
        // create only: streams that exist are the application's (or an operator's), with their own settings
        JetStreamSetup.ensure(jsm, JetStreamSetup.stream(EVENTS_STREAM, options.getSubjectPrefix(), "file",
                Duration.ofDays(7), window, replicas, -1), create, false);
        JetStreamSetup.ensure(jsm, deadLetter, create, false);
        JetStreamSetup.ensure(jsm, JetStreamSetup.appendOnly(JetStreamSetup.stream(AUDIT_STREAM,
                options.getAuditSubjectPrefix(), "file", Duration.ofDays(400), window, replicas, -1)), create, false);
        JetStreamSetup.ensureObjectStore(connection, ObjectStoreConfiguration.builder(options.getDeadLetterPayloadBucket())
                .storageType(deadLetter.getStorageType()).ttl(deadLetter.getMaxAge()).replicas(replicas).build(), create);
    }

    @Override
    public void publish(Exchange exchange, ResultRun run) throws Exception {
        pipeline.publish(exchange, run);
    }

    DeadLetterWriter deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
