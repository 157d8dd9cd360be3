package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.errors.ErrorHandlingConfiguration;
import io.github.lookernats.camel.errors.DeadLetterFactory;
import io.github.lookernats.camel.errors.DeadLetterWriter;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead-letter route: {@link DeadLetterWriter} stores the letter, retried. If it still fails, the failure goes
 * back to the caller (for a push, the HTTP answer becomes a 503; for a poll, an ERROR log line,
 * {@link DeadLetterHealth} DOWN and its counter, and the next run tries again).
 */
@Component
public class DeadLetterRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRoutes.class);

    public static final String DEAD_LETTER = ErrorHandlingConfiguration.DEAD_LETTER;
    /** Exchange property: true once the exchange's dead letter is in the stream. */
    public static final String STORED = DeadLetterWriter.STORED;

    private final DeadLetterWriter writer;
    private final DeadLetterHealth health;

    public DeadLetterRoutes(DeadLetterWriter writer, DeadLetterHealth health) {
        this.writer = writer;
        this.health = health;
    }

    @Override
    public void configure() {
        from(DEAD_LETTER).routeId("dead-letter").routeConfigurationId(ErrorHandlingConfiguration.PUBLISH_RETRIES)
                .process(this::store)
                .log(LoggingLevel.WARN, "Dead-lettered to ${exchangeProperty.bridgeSubject}: ${header.Bridge-Exception}: ${header.Bridge-Error}");
    }

    private void store(Exchange exchange) throws Exception {
        try {
            writer.store(exchange);
        } catch (DeadLetterWriter.LetterNotStoredException e) {
            String route = exchange.getMessage().getHeader(DeadLetterFactory.ROUTE, String.class);
            health.failed(route, e.cause());
            LOG.error("The dead letter of {} could not be stored: {}", route, e.getMessage());
            throw e.cause();
        } catch (Exception e) {
            health.stored();
            // a poll's dead-letter channel would handle this quietly: make it seen (this line, bridge_audit_failed_total)
            LOG.error("The dead letter of {} is stored, but its audit record could not be: {}",
                    exchange.getMessage().getHeader(DeadLetterFactory.ROUTE, String.class), e.toString());
            throw e;
        }
        health.stored();
    }
}
