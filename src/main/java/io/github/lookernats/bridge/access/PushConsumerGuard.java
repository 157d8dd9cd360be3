package io.github.lookernats.bridge.access;

import io.github.lookernats.camel.audit.AdminRecord;
import io.github.lookernats.camel.audit.AuditTrail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import tools.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

/**
 * Removes push consumers of team streams that deliver anywhere but an inbox. nats-server 2.9 lets whoever may create
 * a consumer choose its deliver subject, and subject permissions cannot see it. A consumer delivering onto an event
 * subject would echo a team's events to other teams' live subscribers, and the event stream, which captures those
 * subjects, would store the echoes and source them back into the team stream: a loop that fills the stream. Push
 * consumers of team streams may deliver to users' inboxes only. The guard hears of every consumer create or update
 * on a team stream from JetStream's API audit advisory (the "consumer created" advisory misses an update that changes
 * the deliver subject of an existing consumer), checks that stream's consumers, and deletes those delivering elsewhere,
 * with an audit record. A sweep at start-up and every minute catches what happened while it was not listening (an
 * advisory sent while the bridge was disconnected is not kept).
 */
public class PushConsumerGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushConsumerGuard.class);
    /** JetStream's audit advisory: one message per API request, naming its subject. */
    static final String ADVISORY = "$JS.EVENT.ADVISORY.API";
    private static final String CREATE = "$JS.API.CONSUMER.CREATE.";
    private static final String DURABLE_CREATE = "$JS.API.CONSUMER.DURABLE.CREATE.";
    private static final long SWEEP_MINUTES = 1;

    private final Connection connection;
    private final Set<String> streams;
    private final String inboxPrefix;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Counter removed;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "push-consumer-guard");
        thread.setDaemon(true);
        return thread;
    });
    private Dispatcher dispatcher;

    /**
     * @param streams the team streams
     * @param inboxPrefix users' inboxes start with {@code <prefix>.}; deliveries anywhere else are not allowed
     */
    public PushConsumerGuard(Connection connection, Set<String> streams, String inboxPrefix, AuditTrail audit,
            ObjectMapper json, MeterRegistry meters) {
        this.connection = connection;
        this.streams = Set.copyOf(streams);
        this.inboxPrefix = inboxPrefix + ".";
        this.audit = audit;
        this.json = json;
        this.removed = Counter.builder("bridge.access.consumers.removed")
                .description("Push consumers of team streams removed for delivering outside an inbox").register(meters);
    }

    /** Listens for consumer creates and updates on the team streams, and checks the consumers there are already. */
    public void start() {
        dispatcher = connection.createDispatcher(message -> {
            String stream = teamStreamOf(message.getData());
            if (stream != null) {
                // JetStream requests wait for replies; keep them off the dispatcher's thread
                checks.execute(() -> sweep(stream));
            }
        });
        dispatcher.subscribe(ADVISORY);
        checks.scheduleWithFixedDelay(this::sweep, 0, SWEEP_MINUTES, TimeUnit.MINUTES);
    }

    /** The team stream whose consumer an API request created or updated, or null for any other request. */
    private String teamStreamOf(byte[] advisory) {
        String subject;
        try {
            subject = json.readTree(advisory).path("subject").asString("");
        } catch (RuntimeException e) {
            return null;
        }
        String rest = subject.startsWith(DURABLE_CREATE) ? subject.substring(DURABLE_CREATE.length())
                : subject.startsWith(CREATE) ? subject.substring(CREATE.length()) : null;
        if (rest == null) {
            return null;
        }
        int dot = rest.indexOf('.');
        String stream = dot < 0 ? rest : rest.substring(0, dot);
        return streams.contains(stream) ? stream : null;
    }

    /** Checks every consumer of every team stream. */
    private void sweep() {
        if (connection.getStatus() == Connection.Status.CONNECTED) {
            streams.forEach(this::sweep);
        }
    }

    /** Checks every consumer of one team stream; never throws, so the scheduled sweep is never cancelled. */
    private void sweep(String stream) {
        try {
            connection.jetStreamManagement().getConsumerNames(stream).forEach(consumer -> check(stream, consumer));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("Could not list the consumers of {} to check their deliver subjects: {}", stream, e.toString());
        }
    }

    private void check(String stream, String consumer) {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            ConsumerInfo info = jsm.getConsumerInfo(stream, consumer);
            String deliverSubject = info.getConsumerConfiguration().getDeliverSubject();
            if (deliverSubject == null || deliverSubject.startsWith(inboxPrefix)) {
                return;
            }
            jsm.deleteConsumer(stream, consumer);
            removed.increment();
            LOG.warn("Removed consumer {} of {}: it delivered to {}, outside the users' inboxes ({}*)", consumer, stream,
                    deliverSubject, inboxPrefix);
            Map<String, String> what = new LinkedHashMap<>();
            what.put("stream", stream);
            what.put("consumer", consumer);
            what.put("deliverSubject", deliverSubject);
            audit.admin(new AdminRecord("team-consumer.removed", null, what, "removed", 1L));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10014) { // consumer not found: deleted meanwhile
                LOG.warn("Could not check consumer {} of {}: {}", consumer, stream, e.getMessage());
            }
        } catch (Exception e) {
            LOG.warn("Could not check consumer {} of {}: {}", consumer, stream, e.toString());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        if (dispatcher != null && connection.getStatus() != Connection.Status.CLOSED) {
            connection.closeDispatcher(dispatcher);
        }
    }
}
