package io.github.lookernats.camel.looker.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the Looker access token. Logs in with {@code POST /login} (form-encoded, as the spec requires) and again
 * {@code tokenRefreshLag} before {@code expires_in} runs out, the way the official SDKs do.
 */
public class LookerSession {

    private static final Logger LOG = LoggerFactory.getLogger(LookerSession.class);

    private final LookerApi properties;
    private final Supplier<String> clientId;
    private final Supplier<String> clientSecret;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Counter logins;
    private final ObservationRegistry observations;
    private Token current;
    private volatile Instant lastLoginAt;
    private volatile String lastFailure;

    /**
     * @param clientId the API client id as it is now
     * @param clientSecret the API client secret as it is now: each login asks, so a rotated API key is used at the next
     */
    public LookerSession(LookerApi properties, Supplier<String> clientId, Supplier<String> clientSecret, HttpClient http,
            ObjectMapper mapper, Clock clock, MeterRegistry meters) {
        this(properties, clientId, clientSecret, http, mapper, clock, meters, ObservationRegistry.NOOP);
    }

    /** @param observations where each login is observed ({@code looker.api}, endpoint {@code /login}) */
    public LookerSession(LookerApi properties, Supplier<String> clientId, Supplier<String> clientSecret, HttpClient http,
            ObjectMapper mapper, Clock clock, MeterRegistry meters, ObservationRegistry observations) {
        this.observations = observations;
        this.properties = properties;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.logins = Counter.builder("bridge.looker.logins").description("Successful Looker logins").register(meters);
    }

    /** A valid access token, logging in first when there is none or it is about to expire. */
    public synchronized String token() {
        if (current == null || !clock.instant().isBefore(current.refreshAt())) {
            try {
                current = login();
                lastFailure = null;
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                throw e;
            }
        }
        return current.value();
    }

    /** Why the last login failed, or null when it succeeded (or none was tried yet). */
    public String lastFailure() {
        return lastFailure;
    }

    /** Forgets {@code token} after Looker refused it, so the next {@link #token()} logs in again. */
    public synchronized void invalidate(String token) {
        if (current != null && current.value().equals(token)) {
            current = null;
        }
    }

    /**
     * Forgets the access token after the API key changed, so the next call logs in with the new key at once: a wrong
     * new key shows now, while the old one can still be restored, not when the token would have expired.
     */
    public synchronized void renew() {
        current = null;
    }

    /** When the last successful login happened, or null before the first. */
    public Instant lastLoginAt() {
        return lastLoginAt;
    }

    private Token login() {
        String form = "client_id=" + encode(clientId.get()) + "&client_secret=" + encode(clientSecret.get());
        HttpRequest request = HttpRequest.newBuilder(properties.api("/login"))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<byte[]> response;
        io.micrometer.observation.Observation observed = LookerApiCalls.start(observations, "POST /login");
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            LookerApiCalls.stop(observed, response.statusCode(), null);
        } catch (IOException e) {
            LookerApiCalls.stop(observed, 0, e);
            throw new LookerUnavailableException(0, "Looker login failed: " + e, null, e);
        } catch (InterruptedException e) {
            LookerApiCalls.stop(observed, 0, e);
            Thread.currentThread().interrupt();
            throw new LookerUnavailableException(0, "Interrupted during Looker login", null, e);
        }
        LookerErrors.throwIfFailed("POST /login", response.statusCode(), response.headers(), response.body());
        try {
            JsonNode body = mapper.readTree(response.body());
            String token = body.path("access_token").asText(null);
            if (token == null || token.isBlank()) {
                throw new LookerRequestException(response.statusCode(), "Looker login answered without an access_token");
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            Instant now = clock.instant();
            lastLoginAt = now;
            logins.increment();
            LOG.info("Logged in to Looker at {}; token valid for {}s", properties.baseUrl(), expiresIn);
            return new Token(token, now.plusSeconds(expiresIn).minus(properties.tokenRefreshLag()));
        } catch (JacksonException e) {
            throw new LookerRequestException(response.statusCode(), "Looker login answered with malformed JSON: " + e.getMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Token(String value, Instant refreshAt) {}
}
