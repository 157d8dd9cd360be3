package io.github.lookernats.camel.looker.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls Looker API 4.0 with the session's token. A 401 means the token expired early (or was revoked): log in
 * once more and repeat the call once, as the official SDKs do. Other failures become {@link LookerApiException}s
 * and are retried, or not, by the route's error handler.
 */
public class LookerClient {

    private static final Logger LOG = LoggerFactory.getLogger(LookerClient.class);

    private final LookerApi properties;
    private final HttpClient http;
    private final LookerSession session;
    private final ObjectMapper mapper;
    private final ObservationRegistry observations;

    public LookerClient(LookerApi properties, HttpClient http, LookerSession session, ObjectMapper mapper) {
        this(properties, http, session, mapper, ObservationRegistry.NOOP);
    }

    /** @param observations where each API call is observed ({@code looker.api}) */
    public LookerClient(LookerApi properties, HttpClient http, LookerSession session, ObjectMapper mapper,
            ObservationRegistry observations) {
        this.properties = properties;
        this.http = http;
        this.session = session;
        this.mapper = mapper;
        this.observations = observations;
    }

    /** A small JSON document, e.g. {@code GET /looks/42?fields=id,title,query}. */
    public JsonNode getJson(String pathAndQuery) {
        return json("GET " + pathAndQuery, send("GET " + pathAndQuery, token -> request(pathAndQuery, token).GET().build()));
    }

    /** Posts a JSON document and reads the JSON answer, e.g. {@code POST /query_tasks}. */
    public JsonNode postJson(String pathAndQuery, JsonNode body) {
        String call = "POST " + pathAndQuery;
        return json(call, send(call, token -> request(pathAndQuery, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build()));
    }

    /** {@code DELETE}, answered without a body worth reading (e.g. 204). */
    public void delete(String pathAndQuery) {
        discard(send("DELETE " + pathAndQuery, token -> request(pathAndQuery, token).DELETE().build()));
    }

    /**
     * Opens a result that may not be ready yet: empty when Looker answers 202 ("not finished"), as
     * {@code GET /query_tasks/{id}/results} does. The caller owns a returned stream and must close it.
     */
    public Optional<InputStream> openFinishedResult(String pathAndQuery) {
        HttpResponse<InputStream> response = send("GET " + pathAndQuery, token -> request(pathAndQuery, token).GET().build());
        if (response.statusCode() == 202) {
            discard(response);
            return Optional.empty();
        }
        return Optional.of(timed(response.body()));
    }

    private JsonNode json(String call, HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return mapper.readTree(body);
        } catch (IOException | JacksonException e) {
            throw new LookerResultException(call + " answered with malformed JSON: " + e.getMessage(), e);
        }
    }

    /** Opens a result for streaming. The caller owns the returned stream and must close it. */
    public InputStream openResult(String method, String pathAndQuery, byte[] jsonBody) {
        return timed(send(method + " " + pathAndQuery, token -> {
            HttpRequest.Builder builder = request(pathAndQuery, token);
            if (jsonBody == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(jsonBody));
            }
            return builder.build();
        }).body());
    }

    /** A result body, ended by the watchdog if Looker stalls mid-stream or takes longer than allowed. */
    private InputStream timed(InputStream body) {
        return new TimedBody(body, "Looker's result", properties.readIdleTimeout(), properties.resultTimeout());
    }

    private HttpRequest.Builder request(String pathAndQuery, String token) {
        return HttpRequest.newBuilder(properties.api(pathAndQuery))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", "token " + token);
    }

    private HttpResponse<InputStream> send(String call, Function<String, HttpRequest> requestWithToken) {
        String token = session.token();
        HttpResponse<InputStream> response = exchange(call, requestWithToken.apply(token));
        if (response.statusCode() == 401) {
            discard(response);
            LOG.info("{} answered 401; logging in again and repeating the call once", call);
            session.invalidate(token);
            response = exchange(call, requestWithToken.apply(session.token()));
        }
        if (response.statusCode() >= 300) {
            byte[] errorBody = readErrorBody(response);
            LookerErrors.throwIfFailed(call, response.statusCode(), response.headers(), errorBody);
        }
        return response;
    }

    private HttpResponse<InputStream> exchange(String call, HttpRequest request) {
        io.micrometer.observation.Observation observed = LookerApiCalls.start(observations, call);
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            LookerApiCalls.stop(observed, response.statusCode(), null);
            return response;
        } catch (IOException e) {
            LookerApiCalls.stop(observed, 0, e);
            throw new LookerUnavailableException(0, call + " failed: " + e, null, e);
        } catch (InterruptedException e) {
            LookerApiCalls.stop(observed, 0, e);
            Thread.currentThread().interrupt();
            throw new LookerUnavailableException(0, call + " was interrupted", null, e);
        } catch (RuntimeException e) {
            LookerApiCalls.stop(observed, 0, e);
            throw e;
        }
    }

    private static byte[] readErrorBody(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return body.readNBytes(8 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        readErrorBody(response);
    }
}
