package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.nats.PublishRoutes;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Stores a failed exchange in the dead-letter stream, with its input, its cause and its attempt count. This route
 * has no dead-letter channel of its own: if even this publish fails, Camel logs the failure at ERROR level.
 */
@Component
public class DeadLetterRoutes extends RouteBuilder {

    public static final String DEAD_LETTER = "direct:dead-letter";

    private final NatsProperties nats;
    private final DeadLetterFactory deadLetters;

    public DeadLetterRoutes(NatsProperties nats, DeadLetterFactory deadLetters) {
        this.nats = nats;
        this.deadLetters = deadLetters;
    }

    @Override
    public void configure() {
        from(DEAD_LETTER).routeId("dead-letter")
                .bean(deadLetters, "prepare")
                .toD(PublishRoutes.jetStreamUri(nats))
                .log(LoggingLevel.WARN, "Dead-lettered to ${exchangeProperty.bridgeSubject}: ${header.Bridge-Exception}: ${header.Bridge-Error}");
    }
}
