package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.errors.ErrorHandlingConfiguration;

import io.github.lookernats.bridge.audit.DeliveryAudit;
import io.github.lookernats.bridge.events.LookerEventFactory;
import io.github.lookernats.bridge.nats.JetStreamPublisher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Stores a failed run in the dead-letter stream, with its input, its cause and its attempt count. The publish is
 * retried; if it still fails, the failure goes back to the caller (for a push, the HTTP answer becomes a 503; for
 * a poll, an ERROR log line, {@link DeadLetterHealth} DOWN and its counter, and the next run tries again). A
 * stored letter sets {@link #STORED} on the exchange, so a replay keeps the old letter unless its replacement is in.
 */
@Component
public class DeadLetterRoutes extends RouteBuilder {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetterRoutes.class);

    public static final String DEAD_LETTER = ErrorHandlingConfiguration.DEAD_LETTER;
    /** Exchange property: true once the exchange's dead letter is in the stream. */
    public static final String STORED = "bridgeDeadLetterStored";

    private final JetStreamPublisher publisher;
    private final DeadLetterFactory deadLetters;
    private final DeadLetterHealth health;
    private final DeliveryAudit audit;

    public DeadLetterRoutes(JetStreamPublisher publisher, DeadLetterFactory deadLetters, DeadLetterHealth health,
            DeliveryAudit audit) {
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.health = health;
        this.audit = audit;
    }

    @Override
    public void configure() {
        from(DEAD_LETTER).routeId("dead-letter").routeConfigurationId(ErrorHandlingConfiguration.PUBLISH_RETRIES)
                .bean(deadLetters, "prepare")
                .process(this::publish)
                .log(LoggingLevel.WARN, "Dead-lettered to ${exchangeProperty.bridgeSubject}: ${header.Bridge-Exception}: ${header.Bridge-Error}");
    }

    /** The letter's headers, all set by {@link DeadLetterFactory#prepare}, become the NATS message's headers. */
    private void publish(Exchange exchange) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (!name.regionMatches(true, 0, "Camel", 0, 5)) { // the error handler's own, on a retry
                headers.put(name, String.valueOf(value));
            }
        });
        String route = headers.get(DeadLetterFactory.ROUTE);
        try {
            publisher.publishAndWait(exchange.getProperty(LookerEventFactory.SUBJECT, String.class), headers,
                    exchange.getMessage().getBody(byte[].class));
        } catch (Exception e) {
            health.failed(route, e);
            LOG.error("The dead letter of {} could not be stored: {}", route, e.toString());
            throw e;
        }
        health.stored();
        // the letter is kept whatever happens next; a failed audit write still fails the exchange (a push gets 503)
        exchange.setProperty(STORED, true);
        try {
            audit.deadLettered(exchange, headers.get(DeadLetterFactory.ERROR));
        } catch (Exception e) {
            // a poll's dead-letter channel would handle this quietly: make it seen (this line, bridge_audit_failed_total)
            LOG.error("The dead letter of {} is stored, but its audit record could not be: {}", route, e.toString());
            throw e;
        }
    }
}
