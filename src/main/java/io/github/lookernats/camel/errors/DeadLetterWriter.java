package io.github.lookernats.camel.errors;

import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.events.LookerEventFactory;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Stores a failed run in the dead-letter stream, with its input, its cause and its attempt count, then its audit
 * record. A stored letter sets {@link #STORED} on the exchange, so a replay keeps the old letter unless its
 * replacement is in. Either failure is thrown: the caller decides what a lost letter means (a push answers 503).
 */
public class DeadLetterWriter {

    /** Exchange property: true once the exchange's dead letter is in the stream. */
    public static final String STORED = "bridgeDeadLetterStored";

    private final DeadLetterFactory letters;
    private final JetStreamPublisher publisher;
    private final DeliveryAudit audit;
    private final RunTelemetry telemetry;

    public DeadLetterWriter(DeadLetterFactory letters, JetStreamPublisher publisher, DeliveryAudit audit,
            RunTelemetry telemetry) {
        this.telemetry = telemetry;
        this.letters = letters;
        this.publisher = publisher;
        this.audit = audit;
    }

    /** Stores the letter; thrown as {@link LetterNotStoredException} when it could not be. */
    public void store(Exchange exchange) throws Exception {
        if (exchange.getProperty(STORED, false, Boolean.class)) {
            // a retry after the audit write failed: the letter is in, only its record is missing
            audit.deadLettered(exchange, exchange.getMessage().getHeader(DeadLetterFactory.ERROR, String.class));
            return;
        }
        letters.prepare(exchange);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((name, value) -> {
            if (!name.regionMatches(true, 0, "Camel", 0, 5)) { // the error handler's own, on a retry
                headers.put(name, String.valueOf(value));
            }
        });
        try {
            publisher.publishAndWait(exchange.getProperty(LookerEventFactory.SUBJECT, String.class), headers,
                    exchange.getMessage().getBody(byte[].class));
        } catch (Exception e) {
            throw new LetterNotStoredException(e);
        }
        // the letter is kept whatever happens next; a failed audit write still fails the exchange
        exchange.setProperty(STORED, true);
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        telemetry.deadLettered(headers.get(DeadLetterFactory.ROUTE), run == null ? null : run.action());
        audit.deadLettered(exchange, headers.get(DeadLetterFactory.ERROR));
    }

    /** The dead letter itself could not be stored (as opposed to its audit record). */
    public static class LetterNotStoredException extends Exception {

        private final Exception cause;

        LetterNotStoredException(Exception cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }

        /** What the publish failed with. */
        public Exception cause() {
            return cause;
        }
    }
}
