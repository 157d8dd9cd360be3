package io.github.lookernats.camel.errors;

import io.github.lookernats.camel.looker.client.LookerUnavailableException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.ObjectHelper;

/**
 * Runs on every failed attempt. It counts attempts (Camel drops its redelivery counter header before the dead-letter
 * channel) and honours Looker's {@code Retry-After}: Camel reads the {@code CamelRedeliveryDelay} header after this
 * processor runs, so the header overrides the exponential backoff for the next attempt.
 */
public class FailedAttempt implements Processor {

    /** Exchange property with the number of failed attempts so far. */
    public static final String ATTEMPTS = "bridgeAttempts";


    private final Duration maxDelay;

    public FailedAttempt(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        LookerUnavailableException unavailable = ObjectHelper.getException(LookerUnavailableException.class, failure);
        Duration retryAfter = unavailable == null ? null : unavailable.retryAfter().orElse(null);
        if (retryAfter == null) {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            Duration delay = retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
        }
    }
}
