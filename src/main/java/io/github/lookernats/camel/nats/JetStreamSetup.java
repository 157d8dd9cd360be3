package io.github.lookernats.camel.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the streams the bridge writes to when missing, and brings their settings in line. camel-nats never
 * creates streams, and a publish to a subject no stream captures fails with "No Responders".
 */
public final class JetStreamSetup {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamSetup.class);
    private static final int STREAM_NOT_FOUND = 10059;

    private JetStreamSetup() {}

    /** A stream capturing {@code <subjectPrefix>.>}; {@code maxBytes} -1 for no limit. */
    public static StreamConfiguration stream(String name, String subjectPrefix, String storage, Duration maxAge,
            Duration duplicateWindow, int replicas, long maxBytes) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subjectPrefix + ".>")
                .storageType(storageType(storage))
                .maxAge(maxAge)
                .duplicateWindow(duplicateWindow)
                .replicas(replicas)
                .maxBytes(maxBytes)
                .build();
    }

    /**
     * For an audit trail, which is only ever added to: no message deleted, no purge, through any API; and when full
     * it refuses new records rather than drop old ones.
     */
    public static StreamConfiguration appendOnly(StreamConfiguration config) {
        return StreamConfiguration.builder(config).denyDelete(true).denyPurge(true).discardPolicy(DiscardPolicy.New).build();
    }

    /**
     * Creates the stream when missing (or, with {@code create} off, refuses), and updates it when its settings
     * differ from the wanted ones.
     */
    public static void ensure(JetStreamManagement jsm, StreamConfiguration config, boolean create)
            throws IOException, JetStreamApiException {
        ensure(jsm, config, create, create);
    }

    /**
     * As {@link #ensure(JetStreamManagement, StreamConfiguration, boolean)}; with {@code update} off, a stream that
     * exists is left as it is (a warning says how it differs), for a process that does not own its settings.
     */
    public static void ensure(JetStreamManagement jsm, StreamConfiguration config, boolean create, boolean update)
            throws IOException, JetStreamApiException {
        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            if (!create) {
                throw new IllegalStateException("stream " + config.getName() + " does not exist and stream creation is off");
            }
            jsm.addStream(config);
            LOG.info("Created JetStream stream {} for {}", config.getName(),
                    config.getSources().isEmpty() ? "subjects " + config.getSubjects() : "sources " + sources(config));
            return;
        }
        if (differs(existing.getConfiguration(), config)) {
            if (update) {
                jsm.updateStream(config);
                LOG.info("Updated JetStream stream {} to the configured settings", config.getName());
            } else {
                LOG.warn("JetStream stream {} exists with settings other than this process's defaults; it is left as it is",
                        config.getName());
            }
        }
    }

    /** Creates the object store bucket when missing (or, with {@code create} off, refuses). */
    public static void ensureObjectStore(Connection connection, ObjectStoreConfiguration config, boolean create)
            throws IOException, JetStreamApiException {
        ObjectStoreManagement objects = connection.objectStoreManagement();
        if (objects.getBucketNames().contains(config.getBucketName())) {
            return;
        }
        if (!create) {
            throw new IllegalStateException("object store " + config.getBucketName() + " does not exist and stream creation is off");
        }
        objects.create(config);
        LOG.info("Created JetStream object store {}", config.getBucketName());
    }

    /** {@code file} or {@code memory}, in any case. */
    public static StorageType storageType(String storage) {
        String lower = storage.toLowerCase(Locale.ROOT);
        return StorageType.valueOf(Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
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
}
