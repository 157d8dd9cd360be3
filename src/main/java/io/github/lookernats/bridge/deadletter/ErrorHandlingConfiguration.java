package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.looker.LookerRequestException;
import io.github.lookernats.bridge.looker.LookerResultException;
import io.github.lookernats.bridge.looker.LookerUnavailableException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * The one error-handling configuration every route refers to by id. Looker 429/5xx/unreachable are retried with
 * exponential backoff (a {@code Retry-After} header wins); a request Looker rejects, or a malformed result, is
 * not retried; anything else (NATS publish failures included) is retried a few times. Whatever is given up goes to
 * the dead-letter stream.
 */
@Component
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "bridge-errors";

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
        errors.errorHandler(deadLetterChannel(DeadLetterRoutes.DEAD_LETTER)
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
        errors.onException(LookerRequestException.class, LookerResultException.class, IllegalArgumentException.class)
                .maximumRedeliveries(0);
        errors.onException(Exception.class)
                .maximumRedeliveries(deadLetters.retries())
                .redeliveryDelay(deadLetters.retryDelay().toMillis())
                .useExponentialBackOff()
                .retryAttemptedLogLevel(LoggingLevel.WARN);
    }
}
