package io.github.lookernats.bridge.runs;

import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.github.lookernats.camel.errors.FailedAttempt;
import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.camel.looker.LookerConsumer;
import io.github.lookernats.camel.looker.RunQueue;
import io.github.lookernats.camel.nats.JetStreamSetup;
import io.github.lookernats.camel.run.ResultRun;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.ExchangeBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each scheduled run once across replicas: every replica proposes each fire time with a deterministic
 * {@code Nats-Msg-Id} (route and fire time), so JetStream keeps one proposal; a shared durable pull consumer hands it
 * to one replica, which keeps it in progress while the run lasts and acknowledges it once the run is stored (or
 * dead-lettered). A replica that dies leaves its run unacknowledged: after the ack wait another replica runs it
 * again, and JetStream drops the events the first one had published.
 */
public class JetStreamRunQueue implements RunQueue, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamRunQueue.class);
    static final String CONSUMER = "looker-runs";

    private final Connection nats;
    private final RunQueueProperties properties;
    private final CamelContext camel;
    private final ObjectMapper mapper;
    private final DeadLetterWriter deadLetters;
    private final ExecutorService workers;
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "looker-runs-progress"));
    private final List<JetStreamSubscription> subscriptions = new ArrayList<>();
    private volatile boolean running;
    private Dispatcher requests;

    public JetStreamRunQueue(Connection nats, RunQueueProperties properties, CamelContext camel, ObjectMapper mapper,
            DeadLetterWriter deadLetters) {
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.nats = nats;
        this.properties = properties;
        this.camel = camel;
        this.workers = Executors.newFixedThreadPool(properties.perReplica(), r -> thread(r, "looker-runs-worker"));
    }

    /** Creates the stream and the consumer when missing, then starts taking runs. */
    public void start() throws Exception {
        JetStreamSetup.ensure(nats.jetStreamManagement(), StreamConfiguration.builder()
                .name(properties.stream())
                .subjects(properties.subjectPrefix() + ".>")
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .replicas(properties.replicas())
                // wider than any clock skew between replicas: a late proposal of a fire time is still a duplicate
                .duplicateWindow(Duration.ofMinutes(2))
                .build(), true);
        nats.jetStreamManagement().addOrUpdateConsumer(properties.stream(), ConsumerConfiguration.builder()
                .durable(CONSUMER)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(properties.ackWait())
                .maxAckPending(properties.maxConcurrent())
                .maxDeliver(properties.maxDeliver())
                .filterSubject(properties.subjectPrefix() + ".>")
                .build());
        running = true;
        // ad-hoc runs: whichever replica gets the request proposes the run now; one replica answers each request
        requests = nats.createDispatcher(this::request);
        requests.subscribe(properties.requestSubject(), CONSUMER);
        for (int i = 0; i < properties.perReplica(); i++) {
            JetStreamSubscription subscription = nats.jetStream().subscribe(properties.subjectPrefix() + ".>",
                    PullSubscribeOptions.bind(properties.stream(), CONSUMER));
            subscriptions.add(subscription);
            workers.submit(() -> work(subscription));
        }
    }

    @Override
    public void propose(String routeId, Instant fireTime) throws Exception {
        Headers headers = new Headers();
        headers.put("Nats-Msg-Id", routeId + "@" + fireTime);
        byte[] body = mapper.writeValueAsBytes(mapper.createObjectNode().put("route", routeId).put("fireTime", fireTime.toString()));
        nats.jetStream().publish(NatsMessage.builder().subject(properties.subjectPrefix() + "." + SubjectNames.token(routeId))
                .headers(headers).data(body).build());
    }

    /**
     * A request to run a route now ({@code {"route": "<id>"}} on {@code bridge.runs.request-subject}), answered
     * with the fire time it was queued for, or with the reason it was not. Who may ask is NATS's to decide: the
     * subject's publish permission.
     */
    private void request(Message message) {
        ObjectNode answer = mapper.createObjectNode();
        try {
            String routeId = mapper.readTree(message.getData()).path("route").asString("");
            Route route = camel.getRoute(routeId);
            if (route == null || !(route.getConsumer() instanceof LookerConsumer consumer) || !runs(consumer)) {
                answer.put("queued", false).put("error", "no looker route '" + routeId + "' running here");
            } else {
                Instant now = Instant.now();
                propose(routeId, now);
                answer.put("queued", true).put("route", routeId).put("fireTime", now.toString());
                LOG.info("Run of {} requested over NATS, queued for {}", routeId, now);
            }
        } catch (Exception e) {
            answer.put("queued", false).put("error", "could not queue the run: " + e.getMessage());
        }
        if (message.getReplyTo() != null) {
            nats.publish(message.getReplyTo(), mapper.writeValueAsBytes(answer));
        }
    }

    private void work(JetStreamSubscription subscription) {
        while (running) {
            try {
                for (Message message : subscription.fetch(1, Duration.ofSeconds(1))) {
                    if (!running) {
                        message.nak(); // shutting down: hand it back at once
                        continue;
                    }
                    handle(message);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("Taking runs from {} failed, trying again: {}", properties.stream(), e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private void handle(Message message) {
        JsonNode proposal = mapper.readTree(message.getData());
        String routeId = proposal.path("route").asString();
        Instant fireTime = Instant.parse(proposal.path("fireTime").asString());
        Route route = camel.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof LookerConsumer consumer) || !runs(consumer)) {
            refuse(message, routeId, fireTime, proposal);
            return;
        }
        long every = Math.max(1, properties.ackWait().toMillis() / 3);
        ScheduledFuture<?> inProgress = progress.scheduleAtFixedRate(message::inProgress, every, every, TimeUnit.MILLISECONDS);
        try {
            Exchange done = consumer.run(Map.of(FIRE_TIME, fireTime));
            if (done.getException() != null) {
                message.nak(); // neither stored nor dead-lettered: another try, here or elsewhere
            } else {
                message.ack();
            }
        } finally {
            inProgress.cancel(false);
        }
    }

    /**
     * A replica that does not know the route (a rolling update) hands the run back for another; the last delivery
     * stores it as a dead letter instead, so no replica knowing the route is an error someone sees, not a lost run.
     */
    private void refuse(Message message, String routeId, Instant fireTime, JsonNode proposal) {
        long delivery = message.metaData().deliveredCount();
        String reason = "no looker route '" + routeId + "' running on this replica";
        if (delivery < properties.maxDeliver()) {
            LOG.warn("Run of {} for {} refused here: {} (delivery {} of {}); handed back", routeId, fireTime, reason,
                    delivery, properties.maxDeliver());
            message.nakWithDelay(Duration.ofSeconds(5));
            return;
        }
        ObjectNode input = mapper.createObjectNode().put("kind", "poll").put("route", routeId).put("fireTime", fireTime.toString());
        input.set("proposal", proposal);
        Exchange letter = ExchangeBuilder.anExchange(camel).build();
        letter.setProperty(ResultRun.PROPERTY, new ResultRun(routeId, input));
        letter.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("run proposed for " + fireTime
                + " refused by every replica it reached: " + reason));
        letter.setProperty(FailedAttempt.ATTEMPTS, (int) delivery);
        try {
            deadLetters.store(letter);
            LOG.error("Run of {} for {} dead-lettered after {} deliveries: {}", routeId, fireTime, delivery, reason);
            message.term();
        } catch (Exception e) {
            LOG.error("Run of {} for {} refused by every replica, and its dead letter could not be stored: {}", routeId,
                    fireTime, e.toString());
            message.nakWithDelay(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (requests != null) {
            nats.closeDispatcher(requests);
        }
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
        progress.shutdownNow();
        for (JetStreamSubscription subscription : subscriptions) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("Unsubscribing from {}: {}", properties.stream(), e.toString());
            }
        }
    }

    /** A route stopped or paused here cannot take a run (its error handler refuses work). */
    private static boolean runs(LookerConsumer consumer) {
        return consumer.isRunAllowed() && !consumer.isSuspendingOrSuspended();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
