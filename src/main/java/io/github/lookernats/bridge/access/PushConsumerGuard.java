package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.audit.AdminRecord;
import io.github.lookernats.bridge.audit.AuditTrail;
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
import org.slf4j.LoggerFactory;

/**
 * Removes push consumers of team streams that deliver anywhere but an inbox. nats-server 2.9 lets whoever may create
 * a consumer choose its deliver subject, and subject permissions cannot see it. A consumer delivering onto an event
 * subject would echo a team's events to other teams' live subscribers, and the event stream, which captures those
 * subjects, would store the echoes and source them back into the team stream: a loop that fills the stream. A team's
 * user may create consumers delivering to its own inbox only; the guard hears of each new consumer from JetStream's
 * advisory, checks it, and deletes it otherwise, with an audit record. A sweep at start-up and every minute catches
 * those created while the bridge was not listening (an advisory sent while it was disconnected is not kept).
 */
public class PushConsumerGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushConsumerGuard.class);
    static final String ADVISORY = "$JS.EVENT.ADVISORY.CONSUMER.CREATED.";
    private static final long SWEEP_MINUTES = 1;

    private final Connection connection;
    private final Set<String> streams;
    private final String inboxPrefix;
    private final AuditTrail audit;
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
    public PushConsumerGuard(Connection connection, Set<String> streams, String inboxPrefix, AuditTrail audit, MeterRegistry meters) {
        this.connection = connection;
        this.streams = Set.copyOf(streams);
        this.inboxPrefix = inboxPrefix + ".";
        this.audit = audit;
        this.removed = Counter.builder("bridge.access.consumers.removed")
                .description("Push consumers of team streams removed for delivering outside an inbox").register(meters);
    }

    /** Listens for new consumers of the team streams and checks those there are already. */
    public void start() {
        dispatcher = connection.createDispatcher(message -> {
            String[] tokens = message.getSubject().substring(ADVISORY.length()).split("\\.", 2);
            if (tokens.length == 2 && streams.contains(tokens[0])) {
                // JetStream requests wait for replies; keep them off the dispatcher's thread
                checks.execute(() -> check(tokens[0], tokens[1]));
            }
        });
        streams.forEach(stream -> dispatcher.subscribe(ADVISORY + stream + ".*"));
        checks.scheduleWithFixedDelay(this::sweep, 0, SWEEP_MINUTES, TimeUnit.MINUTES);
    }

    /** Checks every consumer of every team stream. */
    private void sweep() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        for (String stream : streams) {
            try {
                connection.jetStreamManagement().getConsumerNames(stream).forEach(consumer -> check(stream, consumer));
            } catch (IOException | JetStreamApiException e) {
                LOG.warn("Could not list the consumers of {} to check their deliver subjects: {}", stream, e.getMessage());
            }
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
