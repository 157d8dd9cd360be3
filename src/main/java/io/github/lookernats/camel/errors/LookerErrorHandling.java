package io.github.lookernats.camel.errors;

import io.github.lookernats.camel.looker.client.LookerRequestException;
import io.github.lookernats.camel.looker.client.LookerResultException;
import io.github.lookernats.camel.looker.client.LookerUnavailableException;
import io.github.lookernats.camel.run.RunIncompleteException;
import java.time.Duration;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * {@code bridge-errors}, the route configuration that Looker routes name: Looker 429/5xx/unreachable are retried
 * with exponential backoff (a {@code Retry-After} header wins); a request Looker rejects, a malformed result or a run
 * that stopped part way is not retried; whatever is given up goes to the dead-letter endpoint. The bridge
 * application extends it with its settings; on plain Camel (Camel Main, JBang) name this class in
 * {@code camel.main.routes-builder-classes} and failed runs go to {@code looker-events:dead-letter}.
 */
public class LookerErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "bridge-errors";
    /** Where failed runs go when nothing else is set: the dead-letter stream, through the looker-events component. */
    public static final String DEAD_LETTER_ENDPOINT = "looker-events:dead-letter";

    private final Retry retry;
    private final String deadLetterUri;

    /** The defaults, with dead letters going to {@value #DEAD_LETTER_ENDPOINT}. */
    public LookerErrorHandling() {
        this(Retry.DEFAULT, DEAD_LETTER_ENDPOINT);
    }

    public LookerErrorHandling(Retry retry, String deadLetterUri) {
        this.retry = retry;
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition errors = routeConfiguration(ID);
        errors.errorHandler(deadLetterChannel(deadLetterUri)
                // a dead letter that could not be stored fails the exchange: never reported as handled
                .deadLetterHandleNewException(false)
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
    }

    /**
     * Exponential backoff for retryable Looker failures.
     *
     * @param maxRedeliveries retries after the first attempt before the run is dead-lettered
     * @param initialDelay delay before the first retry
     * @param multiplier factor applied to the delay after each retry
     * @param maxDelay upper bound for one delay, including one asked for by {@code Retry-After}
     */
    public record Retry(int maxRedeliveries, Duration initialDelay, double multiplier, Duration maxDelay) {

        /** Five retries from one second, doubling, at most a minute apart. */
        public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60));
    }
}
