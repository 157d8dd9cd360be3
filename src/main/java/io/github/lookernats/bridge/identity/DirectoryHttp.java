package io.github.lookernats.bridge.identity;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * GETs JSON from a directory with its credentials. A 401 renews an OAuth2 token and repeats once; 404 is "not
 * found"; 429, 5xx, timeouts and connection failures are {@link IdentityUnavailableException}s, retried by the route.
 */
class DirectoryHttp {

    /** A JSON answer and its headers (Okta pages with {@code Link}). */
    record Answer(JsonNode body, java.net.http.HttpHeaders headers) {}

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Credentials credentials;
    private final Duration timeout;
    private final String name;

    DirectoryHttp(String name, HttpClient http, ObjectMapper mapper, Credentials credentials, Duration timeout) {
        this.name = name;
        this.http = http;
        this.mapper = mapper;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The JSON at {@code uri}, or empty on 404. */
    Optional<Answer> get(URI uri) {
        HttpResponse<byte[]> response = send(uri);
        if (response.statusCode() == 401) {
            credentials.invalidate();
            response = send(uri);
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status != 200) {
            String detail = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            throw new IdentityUnavailableException(name + " answered " + status + " for " + uri.getPath() + ": "
                    + (detail.length() > 200 ? detail.substring(0, 200) : detail), null);
        }
        try {
            return Optional.of(new Answer(mapper.readTree(response.body()), response.headers()));
        } catch (JacksonException e) {
            throw new IdentityUnavailableException(name + " answered malformed JSON for " + uri.getPath(), e);
        }
    }

    private HttpResponse<byte[]> send(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json, application/scim+json")
                .header("Authorization", credentials.authorization())
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IdentityUnavailableException(name + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityUnavailableException(name + " lookup interrupted", e);
        }
    }
}
