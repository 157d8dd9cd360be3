package io.github.lookernats.bridge.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the event and dead-letter streams when missing and brings their settings in line with the configuration.
 * camel-nats never creates streams, and a publish to a subject no stream captures fails with "No Responders".
 */
public class StreamProvisioner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamProvisioner.class);
    private static final int STREAM_NOT_FOUND = 10059;

    private final NatsProperties properties;
    private final List<AdditionalStreams> additional;
    private static final long RETRY_SECONDS = 5;

    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nats-stream-provisioner");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String problem = "not provisioned yet";

    public StreamProvisioner(NatsProperties properties) {
        this(properties, List.of());
    }

    /** @param additional streams of other capabilities (the per-team streams), made after the bridge's own */
    public StreamProvisioner(NatsProperties properties, List<AdditionalStreams> additional) {
        this.properties = properties;
        this.additional = List.copyOf(additional);
    }

    /** Null when both streams are in place, otherwise what is wrong. */
    public String problem() {
        return problem;
    }

    /**
     * Called from jnats callbacks, which must not block on JetStream requests. Tried again every few seconds while it
     * fails (JetStream may still be recovering after a server restart); health shows the problem meanwhile.
     */
    void provisionLater(Connection connection) {
        background.execute(() -> {
            try {
                provision(connection);
            } catch (RuntimeException e) {
                if (connection.getStatus() == Connection.Status.CONNECTED && e.getCause() instanceof IOException) {
                    // connected, yet a JetStream request got no answer at all: seen after a server restart, when jnats
                    // reconnected while the server was still starting and no reply ever came on that connection
                    // (pings were answered, so the ping check never replaced it). A new connection recovers it.
                    LOG.warn("JetStream did not answer on a live connection ({}); reconnecting", e.getCause().getMessage());
                    forceReconnect(connection);
                    return;
                }
                LOG.error("Could not provision JetStream streams, trying again in {}s: {}", RETRY_SECONDS, e.getMessage());
                if (connection.getStatus() == Connection.Status.CONNECTED) {
                    background.schedule(() -> provisionLater(connection), RETRY_SECONDS, TimeUnit.SECONDS);
                }
            }
        });
    }

    /** Replaces the connection's socket; its RECONNECTED event provisions again. */
    private void forceReconnect(Connection connection) {
        try {
            connection.forceReconnect();
        } catch (IOException e) {
            LOG.error("Could not reconnect to NATS, trying again in {}s: {}", RETRY_SECONDS, e.getMessage());
            background.schedule(() -> provisionLater(connection), RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ensures every stream exists (or, with creation switched off, checks that they do). */
    public synchronized void provision(Connection connection) {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (NatsProperties.Stream stream : properties.streams().own()) {
                StreamConfiguration config = configuration(stream);
                if (stream == properties.streams().audit()) {
                    // an audit trail is only ever added to: no message deleted, no purge, through any API; and when
                    // full it refuses new records rather than drop old ones
                    config = StreamConfiguration.builder(config).denyDelete(true).denyPurge(true)
                            .discardPolicy(io.nats.client.api.DiscardPolicy.New).build();
                }
                ensure(jsm, config);
            }
            for (AdditionalStreams streams : additional) {
                for (StreamConfiguration stream : streams.streams()) {
                    ensure(jsm, stream);
                }
            }
            ensurePayloadBucket(connection);
            problem = null;
        } catch (IOException | JetStreamApiException e) {
            problem = e.getMessage();
            throw new IllegalStateException("JetStream stream set-up failed: " + e.getMessage()
                    + " (is JetStream enabled on the server, and may this user manage streams?)", e);
        }
    }

    private void ensure(JetStreamManagement jsm, StreamConfiguration config) throws IOException, JetStreamApiException {
        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            if (!properties.streams().create()) {
                throw new IllegalStateException("stream " + config.getName() + " does not exist and bridge.nats.streams.create=false");
            }
            jsm.addStream(config);
            LOG.info("Created JetStream stream {} for {}", config.getName(),
                    config.getSources().isEmpty() ? "subjects " + config.getSubjects() : "sources " + sources(config));
            return;
        }
        if (properties.streams().create() && differs(existing.getConfiguration(), config)) {
            jsm.updateStream(config);
            LOG.info("Updated JetStream stream {} to the configured settings", config.getName());
        }
    }

    /** Large dead letters are stored here (claim check) and referenced from the dead-letter message. */
    private void ensurePayloadBucket(Connection connection) throws IOException, JetStreamApiException {
        String bucket = properties.streams().deadLetterPayloads();
        ObjectStoreManagement objects = connection.objectStoreManagement();
        if (objects.getBucketNames().contains(bucket)) {
            return;
        }
        if (!properties.streams().create()) {
            throw new IllegalStateException("object store " + bucket + " does not exist and bridge.nats.streams.create=false");
        }
        NatsProperties.Stream deadLetter = properties.streams().deadLetter();
        objects.create(ObjectStoreConfiguration.builder(bucket)
                .storageType(StorageType.valueOf(capitalised(deadLetter.storage())))
                .ttl(deadLetter.maxAge())
                .replicas(deadLetter.replicas())
                .build());
        LOG.info("Created JetStream object store {} for large dead letters", bucket);
    }

    private static boolean differs(StreamConfiguration current, StreamConfiguration wanted) {
        return !current.getSubjects().equals(wanted.getSubjects())
                || !current.getMaxAge().equals(wanted.getMaxAge())
                || !current.getDuplicateWindow().equals(wanted.getDuplicateWindow())
                || current.getReplicas() != wanted.getReplicas()
                || !sources(current).equals(sources(wanted))
                || current.getMaxBytes() != wanted.getMaxBytes()
                || current.getDiscardPolicy() != wanted.getDiscardPolicy()
                || current.getDenyDelete() != wanted.getDenyDelete()
                || current.getDenyPurge() != wanted.getDenyPurge();
    }

    private static List<String> sources(StreamConfiguration config) {
        return config.getSources().stream().map(source -> source.getSourceName() + ":" + source.getFilterSubject()).toList();
    }

    static StreamConfiguration configuration(NatsProperties.Stream stream) {
        return StreamConfiguration.builder()
                .name(stream.name())
                .subjects(stream.subjectPrefix() + ".>")
                .storageType(StorageType.valueOf(capitalised(stream.storage())))
                .maxAge(stream.maxAge())
                .duplicateWindow(stream.duplicateWindow())
                .replicas(stream.replicas())
                .maxBytes(stream.maxBytesOrUnlimited())
                .build();
    }

    private static String capitalised(String storage) {
        String lower = storage.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
