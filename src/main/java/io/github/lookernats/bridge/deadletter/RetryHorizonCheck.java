package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Start-up check that the event stream's duplicate window covers the retry horizon: the longest a run can keep
 * retrying (Looker backoff, then publish retries). A retry that re-publishes after the window has passed would store
 * its events a second time.
 */
@Component
public class RetryHorizonCheck implements InitializingBean {

    private final LookerProperties looker;
    private final NatsProperties nats;
    private final DeadLetterProperties deadLetters;

    public RetryHorizonCheck(LookerProperties looker, NatsProperties nats, DeadLetterProperties deadLetters) {
        this.looker = looker;
        this.nats = nats;
        this.deadLetters = deadLetters;
    }

    /** Longest time between the first and the last publish of the same event within one run. */
    public Duration horizon() {
        LookerProperties.Retry retry = looker.retry();
        double delay = retry.initialDelay().toMillis();
        long lookerMillis = 0;
        for (int i = 0; i < retry.maxRedeliveries(); i++) {
            lookerMillis += (long) Math.min(delay, retry.maxDelay().toMillis());
            delay *= retry.multiplier();
        }
        long publishMillis = (deadLetters.retries() + 1L) * (nats.publishTimeout().toMillis() + deadLetters.retryDelay().toMillis());
        return Duration.ofMillis(lookerMillis + publishMillis);
    }

    @Override
    public void afterPropertiesSet() {
        Duration window = nats.streams().events().duplicateWindow();
        Duration horizon = horizon();
        if (window.compareTo(horizon) < 0) {
            throw new IllegalStateException("bridge.nats.streams.events.duplicate-window (" + window + ") is shorter than the "
                    + "retry horizon (" + horizon + ": bridge.looker.retry.* plus bridge.dead-letter.retries x "
                    + "bridge.nats.publish-timeout); raise the window or shorten the retries, or a retried event could be stored twice");
        }
    }
}
