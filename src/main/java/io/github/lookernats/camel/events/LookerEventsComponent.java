package io.github.lookernats.camel.events;

import io.github.lookernats.camel.errors.DeadLetterFactory;
import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.github.lookernats.camel.looker.LookerComponent;
import io.github.lookernats.camel.looker.client.LookerApi;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * Publishes Looker runs to NATS JetStream as CloudEvents ({@code to: looker-events:publish}) and stores failed runs
 * in the dead-letter stream ({@code looker-events:dead-letter}). Its pipeline is the registry's
 * {@link ResultPipeline} (the bridge application's), or one of its own, on its own NATS connection, when
 * {@code servers} is set.
 */
@Component("looker-events")
public class LookerEventsComponent extends DefaultComponent {

    /** The endpoint routes send a run to. */
    public static final String PUBLISH_URI = "looker-events:publish";

    @Metadata(autowired = true, description = "The event pipeline; the bridge application provides one bound to bridge.events and bridge.nats")
    private ResultPipeline pipeline;
    @Metadata(autowired = true, description = "Stores failed runs; the bridge application provides one bound to bridge.dead-letter")
    private DeadLetterWriter deadLetterWriter;

    @Metadata(label = "standalone", description = "NATS server URLs, comma-separated (nats://localhost:4222); with no "
            + "pipeline in the registry, the component connects and publishes on its own")
    private String servers;
    @Metadata(label = "security", description = "NATS credentials file (.creds) for that connection")
    private String credsFile;
    @Metadata(label = "standalone", description = "The Looker instance the events' source URIs point at; by default the "
            + "looker component's baseUrl")
    private String lookerUrl;
    @Metadata(label = "standalone", defaultValue = "looker", description = "First subject token of events: "
            + "<subjectPrefix>.<model>.<explore>.row|summary")
    private String subjectPrefix = "looker";
    @Metadata(label = "standalone", defaultValue = "io.github.lookernats.looker", description = "Prefix of the CloudEvents types")
    private String typePrefix = EventShape.DEFAULT.typePrefix();
    @Metadata(label = "standalone", defaultValue = "looker-audit", description = "Subject prefix of the audit records")
    private String auditSubjectPrefix = "looker-audit";
    @Metadata(label = "standalone", defaultValue = "looker-dlq", description = "Subject prefix of the dead letters")
    private String deadLetterSubjectPrefix = DeadLetterFactory.Settings.DEFAULT.subjectPrefix();
    @Metadata(label = "standalone", defaultValue = "LOOKER_DEAD_LETTER_PAYLOADS", description = "Object store bucket for dead letters too large for one message")
    private String deadLetterPayloadBucket = DeadLetterFactory.Settings.DEFAULT.payloadBucket();
    @Metadata(label = "standalone", defaultValue = "512", description = "Most events waiting for their JetStream ack")
    private int maxInFlight = 512;
    @Metadata(label = "standalone", defaultValue = "5000", javaType = "java.time.Duration", description = "How long a publish waits for its ack")
    private long publishTimeout = 5000;
    @Metadata(label = "standalone", defaultValue = "3", description = "Publishes of an event again after a failed ack")
    private int publishRetries = 3;
    @Metadata(label = "standalone", defaultValue = "1000", javaType = "java.time.Duration", description = "Delay before such a retry")
    private long retryDelay = 1000;
    @Metadata(label = "standalone", defaultValue = "true", description = "Create the streams LOOKER_EVENTS, "
            + "LOOKER_DEAD_LETTERS and LOOKER_AUDIT when missing; off, start-up fails unless they exist")
    private boolean createStreams = true;
    @Metadata(label = "standalone", defaultValue = "1", description = "Replicas of the streams it creates (3 on a three-node cluster)")
    private int streamReplicas = 1;

    private OwnPipeline own;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!LookerEventsEndpoint.PUBLISH.equals(remaining) && !LookerEventsEndpoint.DEAD_LETTER.equals(remaining)) {
            throw new IllegalArgumentException("Invalid endpoint " + uri + ": the operation is "
                    + LookerEventsEndpoint.PUBLISH + " (looker-events:publish) or " + LookerEventsEndpoint.DEAD_LETTER
                    + ", not '" + remaining + "'");
        }
        LookerEventsEndpoint endpoint = new LookerEventsEndpoint(uri, this);
        endpoint.setOperation(remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getRowRoute() != null && !endpoint.getRowRoute().startsWith("direct:")) {
            throw new IllegalArgumentException("Invalid endpoint " + uri + ": rowRoute names a direct: route, not '"
                    + endpoint.getRowRoute() + "'");
        }
        return endpoint;
    }

    /**
     * The pipeline runs go to: the registry's, or, once {@code servers} is set, one of the component's own, made
     * (connected, streams set up) the first time a producer starts. Null when neither is there.
     */
    synchronized ResultPipeline resolvePipeline() throws Exception {
        if (pipeline == null && servers != null && !servers.isBlank()) {
            URI looker = lookerUrl();
            Connection connection = connect();
            try {
                own = new OwnPipeline(connection, this, looker, RunTelemetry.of(getCamelContext()));
            } catch (Exception e) {
                connection.close();
                throw e;
            }
            pipeline = own;
            if (deadLetterWriter == null) {
                deadLetterWriter = own.deadLetters();
            }
        }
        return pipeline;
    }

    /** The registry's dead-letter writer, or that of the component's own pipeline. */
    synchronized DeadLetterWriter resolveDeadLetterWriter() throws Exception {
        if (deadLetterWriter == null) {
            resolvePipeline();
        }
        return deadLetterWriter;
    }

    private Connection connect() throws Exception {
        Options.Builder options = Options.builder()
                .servers(servers.strip().split("\\s*,\\s*"))
                .connectionName("looker-events " + getCamelContext().getName())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(-1);
        if (credsFile != null && !credsFile.isBlank()) {
            options.authHandler(Nats.credentials(credsFile));
        }
        return Nats.connect(options.build());
    }

    private URI lookerUrl() {
        String url = lookerUrl;
        if (url == null && getCamelContext().getComponent("looker", false, false) instanceof LookerComponent looker) {
            url = looker.getBaseUrl();
        }
        if (url == null || !LookerApi.isOneHttpUrl(URI.create(url.strip()))) {
            throw new IllegalArgumentException("looker-events component: lookerUrl (or the looker component's baseUrl) "
                    + "must be one absolute http(s) URL, the Looker instance the events' source URIs point at, not '" + url + "'");
        }
        return URI.create(url.strip());
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (own != null) {
            own.close();
            if (pipeline == own) {
                pipeline = null;
            }
            if (deadLetterWriter == own.deadLetters()) {
                deadLetterWriter = null;
            }
            own = null;
        }
        super.doStop();
    }

    public ResultPipeline getPipeline() {
        return pipeline;
    }

    public void setPipeline(ResultPipeline pipeline) {
        this.pipeline = pipeline;
    }
    public DeadLetterWriter getDeadLetterWriter() {
        return deadLetterWriter;
    }

    public void setDeadLetterWriter(DeadLetterWriter deadLetterWriter) {
        this.deadLetterWriter = deadLetterWriter;
    }
    public String getServers() {
        return servers;
    }

    public void setServers(String servers) {
        this.servers = servers;
    }
    public String getCredsFile() {
        return credsFile;
    }

    public void setCredsFile(String credsFile) {
        this.credsFile = credsFile;
    }
    public String getLookerUrl() {
        return lookerUrl;
    }

    public void setLookerUrl(String lookerUrl) {
        this.lookerUrl = lookerUrl;
    }
    public String getSubjectPrefix() {
        return subjectPrefix;
    }

    public void setSubjectPrefix(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix;
    }
    public String getTypePrefix() {
        return typePrefix;
    }

    public void setTypePrefix(String typePrefix) {
        this.typePrefix = typePrefix;
    }
    public String getAuditSubjectPrefix() {
        return auditSubjectPrefix;
    }

    public void setAuditSubjectPrefix(String auditSubjectPrefix) {
        this.auditSubjectPrefix = auditSubjectPrefix;
    }
    public String getDeadLetterSubjectPrefix() {
        return deadLetterSubjectPrefix;
    }

    public void setDeadLetterSubjectPrefix(String deadLetterSubjectPrefix) {
        this.deadLetterSubjectPrefix = deadLetterSubjectPrefix;
    }
    public String getDeadLetterPayloadBucket() {
        return deadLetterPayloadBucket;
    }

    public void setDeadLetterPayloadBucket(String deadLetterPayloadBucket) {
        this.deadLetterPayloadBucket = deadLetterPayloadBucket;
    }
    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }
    public long getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(long publishTimeout) {
        this.publishTimeout = publishTimeout;
    }
    public int getPublishRetries() {
        return publishRetries;
    }

    public void setPublishRetries(int publishRetries) {
        this.publishRetries = publishRetries;
    }
    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }
    public boolean isCreateStreams() {
        return createStreams;
    }

    public void setCreateStreams(boolean createStreams) {
        this.createStreams = createStreams;
    }
    public int getStreamReplicas() {
        return streamReplicas;
    }

    public void setStreamReplicas(int streamReplicas) {
        this.streamReplicas = streamReplicas;
    }
}
