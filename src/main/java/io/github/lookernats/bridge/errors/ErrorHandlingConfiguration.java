package io.github.lookernats.bridge.errors;

import io.github.lookernats.bridge.deadletter.DeadLetterProperties;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.camel.errors.LookerErrorHandling;
import org.apache.camel.LoggingLevel;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * The error-handling configurations routes refer to by id. {@code bridge-errors} is the components'
 * {@link LookerErrorHandling} with {@code bridge.looker.retry.*}, sending what is given up to the application's
 * dead-letter route. {@code publish-retries}: a JetStream publish without ack is retried, then fails its run.
 */
@Component
public class ErrorHandlingConfiguration extends LookerErrorHandling {

    public static final String ID = LookerErrorHandling.ID;
    /** Where runs and deliveries that failed go: the dead-letter route stores them (deadletter.DeadLetterRoutes). */
    public static final String DEAD_LETTER = "direct:dead-letter";
    /** For the publishing routes: retry a publish, then let the failure travel back to the run. */
    public static final String PUBLISH_RETRIES = "publish-retries";

    private final DeadLetterProperties deadLetters;

    public ErrorHandlingConfiguration(LookerProperties looker, DeadLetterProperties deadLetters) {
        super(retry(looker.retry()), DEAD_LETTER);
        this.deadLetters = deadLetters;
    }

    private static Retry retry(LookerProperties.Retry retry) {
        return new Retry(retry.maxRedeliveries(), retry.initialDelay(), retry.multiplier(), retry.maxDelay());
    }

    @Override
    public void configuration() {
        super.configuration();
        RouteConfigurationDefinition publishing = routeConfiguration(PUBLISH_RETRIES);
        // a message NATS refuses as such (e.g. an invalid header) fails the same way every time
        publishing.onException(IllegalArgumentException.class).maximumRedeliveries(0);
        publishing.errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(deadLetters.retries())
                        .redeliveryDelay(deadLetters.retryDelay().toMillis())
                        .useExponentialBackOff()
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhausted(false));
    }
}
