package io.github.lookernats.bridge.errors;

import io.github.lookernats.camel.run.RunIncompleteException;
import io.github.lookernats.bridge.deadletter.DeadLetterProperties;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.camel.looker.client.LookerRequestException;
import io.github.lookernats.camel.looker.client.LookerResultException;
import io.github.lookernats.camel.looker.client.LookerUnavailableException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * The error-handling configurations routes refer to by id. {@code bridge-errors}: Looker 429/5xx/unreachable are
 * retried with exponential backoff (a {@code Retry-After} header wins); a request Looker rejects, a malformed result
 * or a run that stopped part way is not retried; whatever is given up goes to the dead-letter stream.
 * {@code publish-retries}: a JetStream publish without ack is retried, then fails its run.
 */
@Component
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "bridge-errors";
    /** Where runs and deliveries that failed go: the dead-letter route stores them (deadletter.DeadLetterRoutes). */
    public static final String DEAD_LETTER = "direct:dead-letter";
    /** For the publishing routes: retry a publish, then let the failure travel back to the run. */
    public static final String PUBLISH_RETRIES = "publish-retries";

    private final LookerProperties looker;
    private final DeadLetterProperties deadLetters;

    public ErrorHandlingConfiguration(LookerProperties looker, DeadLetterProperties deadLetters) {
        this.looker = looker;
        this.deadLetters = deadLetters;
    }

    @Override
    public void configuration() {
        LookerProperties.Retry retry = looker.retry();
        RouteConfigurationDefinition errors = routeConfiguration(ID);
        errors.errorHandler(deadLetterChannel(DEAD_LETTER)
                .onExceptionOccurred(new FailedAttempt(retry.maxDelay()))
                .logExhausted(true)
                .logExhaustedMessageHistory(false)
                .logStackTrace(false)
                .retryAttemptedLogLevel(LoggingLevel.WARN));
        errors.onException(LookerUnavailableException.class)
                .maximumRedeliveries(retry.maxRedeliveries())
                .redeliveryDelay(retry.initialDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(retry.multiplier())
                .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN);
        // a run that stopped part way cannot be resumed: its row stream is spent
        errors.onException(LookerRequestException.class, LookerResultException.class, RunIncompleteException.class,
                        IllegalArgumentException.class)
                .maximumRedeliveries(0);

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
