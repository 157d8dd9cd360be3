package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.nats.NatsEndpoints;
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

    private final NatsProperties nats;
    private final DeadLetterFactory deadLetters;

    public DeadLetterRoutes(NatsProperties nats, DeadLetterFactory deadLetters) {
        this.nats = nats;
        this.deadLetters = deadLetters;
    }

    @Override
    public void configure() {
        from(DEAD_LETTER).routeId("dead-letter").routeConfigurationId(ErrorHandlingConfiguration.PUBLISH_RETRIES)
                .bean(deadLetters, "prepare")
                .toD(NatsEndpoints.jetStreamUri(nats))
                .log(LoggingLevel.WARN, "Dead-lettered to ${exchangeProperty.bridgeSubject}: ${header.Bridge-Exception}: ${header.Bridge-Error}");
    }
}
