package io.github.lookernats.camel.nats;

import io.github.lookernats.camel.events.NatsMessageEventWriter;
import io.github.lookernats.camel.events.PreparedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to JetStream with a bounded window of acknowledgements in flight. camel-nats waits for each
 * ack before the next publish; this keeps up to {@code maxInFlight} acks outstanding instead, tracks
 * every one in the run's {@link AckWindow}, and re-publishes an event whose ack failed or timed out (same
 * {@code Nats-Msg-Id}, so a late duplicate is dropped by JetStream). When the window is full the split blocks, which
 * slows the reading of the Looker result: memory stays bounded whatever NATS does.
 */
public class JetStreamPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamPublisher.class);
    private static final long MAX_RETRY_DELAY_MILLIS = 30_000;

    private final JetStream jetStream;
    private final Semaphore inFlight;
    private final long ackTimeoutMillis;
    private final int retries;
    private final long retryDelayMillis;
    private final Counter published;
    private final Counter republished;

    public JetStreamPublisher(Connection connection, PublishSettings settings, MeterRegistry meters) throws IOException {
        this.jetStream = connection.jetStream();
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.ackTimeoutMillis = settings.publishTimeout().toMillis();
        this.retries = settings.retries();
        this.retryDelayMillis = settings.retryDelay().toMillis();
        this.published = Counter.builder("bridge.events.published").description("Events acknowledged by JetStream").register(meters);
        this.republished = Counter.builder("bridge.events.republished").description("Events published again after a failed ack").register(meters);
        Gauge.builder("bridge.events.in.flight", inFlight, permits -> settings.maxInFlight() - permits.availablePermits())
                .description("Events published and waiting for their JetStream ack").register(meters);
        Gauge.builder("bridge.events.in.flight.max", settings, PublishSettings::maxInFlight).strongReference(true)
                .description("Size of the window of acks in flight: reading pauses when bridge_events_in_flight reaches it")
                .register(meters);
    }

    /** Opens the ack window of a run; the split's row exchanges share it. */
    public void openWindow(Exchange exchange) {
        exchange.setProperty(AckWindow.PROPERTY, new AckWindow());
    }

    /** Publishes an event of the exchange's run, waiting only for room in the window. */
    public void publish(Exchange exchange, PreparedEvent event) throws InterruptedException {
        AckWindow window = exchange.getProperty(AckWindow.PROPERTY, AckWindow.class);
        if (window.hasFailed()) {
            throw new UnacknowledgedEventsException("an earlier event of this run was not acknowledged; stopping", null);
        }
        Message message = message(event);
        inFlight.acquire();
        window.sent();
        send(message, window, 0);
    }

    /** Waits for every outstanding ack of the run; fails the run if any event was not acknowledged. */
    public void awaitAcks(Exchange exchange) throws InterruptedException {
        exchange.getProperty(AckWindow.PROPERTY, AckWindow.class)
                .awaitAll(ackTimeoutMillis * (retries + 2L));
    }

    /**
     * Publishes one message and waits for its ack: for dead letters, where one at a time is plenty. Every header
     * value is made valid for NATS first ({@link HeaderValues#bounded}), whatever text it carries.
     */
    public PublishAck publishAndWait(String subject, Map<String, String> headerValues, byte[] body) throws Exception {
        Headers headers = new Headers();
        headerValues.forEach((name, value) -> headers.put(name, HeaderValues.bounded(value)));
        return publishAndWait(NatsMessage.builder().subject(subject).headers(headers).data(body).build());
    }

    /** Publishes one prepared event and waits for its ack: for audit records. */
    public PublishAck publishAndWait(PreparedEvent event) throws Exception {
        return publishAndWait(message(event));
    }

    private PublishAck publishAndWait(Message message) throws Exception {
        try {
            return jetStream.publishAsync(message).get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void send(Message message, AckWindow window, int attempt) {
        CompletableFuture<PublishAck> ack;
        try {
            ack = jetStream.publishAsync(message);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        ack.orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((done, failure) -> {
            if (failure == null) {
                inFlight.release();
                published.increment();
                window.acknowledged(done);
            } else if (attempt < retries) {
                republished.increment();
                // doubling: a stream without a leader (a node lost) answers "no responders" at once, for seconds
                CompletableFuture.runAsync(() -> send(message, window, attempt + 1), CompletableFuture.delayedExecutor(
                        Math.min(retryDelayMillis << Math.min(attempt, 16), MAX_RETRY_DELAY_MILLIS), TimeUnit.MILLISECONDS));
            } else {
                String id = message.getHeaders().getFirst(NatsMessageEventWriter.MSG_ID);
                LOG.warn("Event {} on {} not acknowledged after {} attempts: {}", id, message.getSubject(), attempt + 1, failure.toString());
                inFlight.release();
                window.failed(id, failure);
            }
        });
    }

    /** Only the event's own headers (ce-*, content-type, Nats-Msg-Id) become NATS headers; nothing of Camel's. */
    private static Message message(PreparedEvent event) {
        return NatsMessage.builder().subject(event.subject()).headers(event.headers()).data(event.body()).build();
    }
}
