package io.github.lookernats.bridge.nats;

import io.github.lookernats.camel.nats.JetStreamSetup;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.util.List;
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
        boolean create = properties.streams().create();
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (NatsProperties.Stream stream : properties.streams().own()) {
                StreamConfiguration config = configuration(stream);
                JetStreamSetup.ensure(jsm, stream == properties.streams().audit() ? JetStreamSetup.appendOnly(config) : config,
                        create);
            }
            for (AdditionalStreams streams : additional) {
                for (StreamConfiguration stream : streams.streams()) {
                    JetStreamSetup.ensure(jsm, stream, create);
                }
            }
            // large dead letters are stored here (claim check) and referenced from the dead-letter message
            NatsProperties.Stream deadLetter = properties.streams().deadLetter();
            JetStreamSetup.ensureObjectStore(connection, ObjectStoreConfiguration.builder(properties.streams().deadLetterPayloads())
                    .storageType(JetStreamSetup.storageType(deadLetter.storage()))
                    .ttl(deadLetter.maxAge())
                    .replicas(deadLetter.replicas())
                    .build(), create);
            problem = null;
        } catch (IOException | JetStreamApiException e) {
            problem = e.getMessage();
            throw new IllegalStateException("JetStream stream set-up failed: " + e.getMessage()
                    + " (is JetStream enabled on the server, and may this user manage streams?)", e);
        } catch (IllegalStateException e) {
            problem = e.getMessage();
            throw new IllegalStateException(e.getMessage() + " (bridge.nats.streams.create=false)", e);
        }
    }

    static StreamConfiguration configuration(NatsProperties.Stream stream) {
        return JetStreamSetup.stream(stream.name(), stream.subjectPrefix(), stream.storage(), stream.maxAge(),
                stream.duplicateWindow(), stream.replicas(), stream.maxBytesOrUnlimited());
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
