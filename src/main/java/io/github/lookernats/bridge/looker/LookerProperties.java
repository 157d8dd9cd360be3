package io.github.lookernats.bridge.looker;

import io.github.lookernats.camel.looker.client.LookerApi;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the bridge reaches Looker's API 4.0.
 *
 * @param baseUrl base URL of the Looker instance, without {@code /api/4.0}, e.g. {@code https://acme.looker.com:19999}
 * @param clientId API client id (Admin → Users → API keys)
 * @param clientSecret API client secret
 * @param tokenRefreshLag log in again this long before the token's {@code expires_in} runs out (the official SDKs use 10s)
 * @param connectTimeout TCP connect timeout for Looker calls
 * @param requestTimeout longest wait for a Looker response to start; long-running queries need a higher value
 * @param readIdleTimeout longest wait for the next bytes of a result once it started; a stalled result is dead-lettered
 * @param resultTimeout longest time to read one result, from its first byte to its last
 * @param defaultRowLimit row limit for routes that do not set {@code limit}; {@code -1} means unlimited
 * @param retry retry policy for 429, 5xx and connection failures
 * @param queryTask how routes with {@code async: true} wait for their Looker query task
 */
@Validated
@ConfigurationProperties("bridge.looker")
public record LookerProperties(
        @NotNull URI baseUrl,
        @NotBlank String clientId,
        @NotBlank String clientSecret,
        @DefaultValue("10s") @NotNull Duration tokenRefreshLag,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("5m") @NotNull Duration requestTimeout,
        @DefaultValue("2m") @NotNull Duration readIdleTimeout,
        @DefaultValue("1h") @NotNull Duration resultTimeout,
        @DefaultValue("5000") @Min(-1) long defaultRowLimit,
        @DefaultValue @Valid @NotNull Retry retry,
        @DefaultValue @Valid @NotNull QueryTask queryTask) {

    /**
     * Exponential backoff for retryable Looker failures. A {@code Retry-After} header overrides the computed delay.
     *
     * @param maxRedeliveries retries after the first attempt before the run is dead-lettered
     * @param initialDelay delay before the first retry
     * @param multiplier factor applied to the delay after each retry
     * @param maxDelay upper bound for one delay, including one asked for by {@code Retry-After}
     */
    public record Retry(
            @DefaultValue("5") @Min(0) int maxRedeliveries,
            @DefaultValue("1s") @NotNull Duration initialDelay,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("60s") @NotNull Duration maxDelay) {}

    /**
     * Waiting for a query task: status checks start quickly and back off, and a task that runs too long is killed.
     *
     * @param firstCheck wait before the first status check; each later wait doubles
     * @param maxCheckInterval longest wait between two status checks
     * @param timeout how long a task may take before it is killed and the run is dead-lettered (not retried)
     */
    public record QueryTask(
            @DefaultValue("500ms") @NotNull @DurationMin(millis = 10) Duration firstCheck,
            @DefaultValue("5s") @NotNull @DurationMin(millis = 10) Duration maxCheckInterval,
            @DefaultValue("10m") @NotNull @DurationMin(seconds = 1) Duration timeout) {

        @AssertTrue(message = "first-check must not be longer than max-check-interval, nor max-check-interval than timeout")
        public boolean isOrdered() {
            return firstCheck == null || maxCheckInterval == null || timeout == null
                    || (firstCheck.compareTo(maxCheckInterval) <= 0 && maxCheckInterval.compareTo(timeout) <= 0);
        }
    }

    /**
     * One absolute http(s) URL of a host, nothing else: a list joined by commas (two property sources merged), user
     * info, a query or a fragment would make every call go wrong, or somewhere else.
     */
    @AssertTrue(message = "must be one absolute http(s) URL such as https://acme.looker.com:19999 (no list, user info, query or fragment)")
    public boolean isBaseUrlOneHttpUrl() {
        return baseUrl == null || LookerApi.isOneHttpUrl(baseUrl); // null: @NotNull says so
    }

    /** Where and how the Looker client reaches Looker, without the credentials (they may rotate). */
    public LookerApi toApi() {
        return new LookerApi(baseUrl, tokenRefreshLag, connectTimeout, requestTimeout, readIdleTimeout, resultTimeout,
                new LookerApi.QueryTaskTiming(queryTask.firstCheck(), queryTask.maxCheckInterval(), queryTask.timeout()));
    }

    /** The absolute URI of an API 4.0 path such as {@code /looks/42}. */
    public URI api(String pathAndQuery) {
        return URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/4.0" + pathAndQuery);
    }
}
