package io.github.lookernats.bridge.deadletter;

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
 * retried; if it still fails, the failure goes back to the caller (for a push, the HTTP answer becomes an error;
 * for a poll, Camel's dead-letter channel logs it at ERROR level and the next run publishes the rows again).
 */
@Component
public class DeadLetterRoutes extends RouteBuilder {

    public static final String DEAD_LETTER = "direct:dead-letter";

    private final JetStreamPublisher publisher;
    private final DeadLetterFactory deadLetters;

    public DeadLetterRoutes(JetStreamPublisher publisher, DeadLetterFactory deadLetters) {
        this.publisher = publisher;
        this.deadLetters = deadLetters;
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
        exchange.getMessage().getHeaders().forEach((name, value) -> headers.put(name, String.valueOf(value)));
        publisher.publishAndWait(exchange.getProperty(LookerEventFactory.SUBJECT, String.class), headers,
                exchange.getMessage().getBody(byte[].class));
    }
}
