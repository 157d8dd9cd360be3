package io.github.lookernats.bridge.identity;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The {@code Authorization} header for a directory: a static token, or an OAuth2 client-credentials token. */
interface Credentials {

    String authorization();

    /** Forget a token the directory refused. */
    void invalidate();

    static Credentials of(IdentityProperties.Directory settings, String staticScheme, HttpClient http, ObjectMapper mapper,
            Duration timeout) {
        if (settings.apiToken() != null && !settings.apiToken().isBlank()) {
            String header = staticScheme + " " + settings.apiToken();
            return new Credentials() {
                @Override
                public String authorization() {
                    return header;
                }

                @Override
                public void invalidate() {
                    // a static token cannot be renewed
                }
            };
        }
        return new ClientCredentials(settings, http, mapper, timeout, Clock.systemUTC());
    }

    /**
     * OAuth2 client-credentials grant (RFC 6749 §4.4), the token kept until 30 s before it expires. Written here
     * because Spring Security's OAuth2 client brings a servlet security set-up the bridge does not otherwise need.
     */
    final class ClientCredentials implements Credentials {

        private static final Duration LAG = Duration.ofSeconds(30);

        private final IdentityProperties.Directory settings;
        private final HttpClient http;
        private final ObjectMapper mapper;
        private final Duration timeout;
        private final Clock clock;
        private String token;
        private Instant renewAt = Instant.MIN;

        ClientCredentials(IdentityProperties.Directory settings, HttpClient http, ObjectMapper mapper, Duration timeout, Clock clock) {
            this.settings = settings;
            this.http = http;
            this.mapper = mapper;
            this.timeout = timeout;
            this.clock = clock;
        }

        @Override
        public synchronized String authorization() {
            if (token == null || !clock.instant().isBefore(renewAt)) {
                fetch();
            }
            return "Bearer " + token;
        }

        @Override
        public synchronized void invalidate() {
            token = null;
        }

        private void fetch() {
            String form = "grant_type=client_credentials&client_id=" + encode(settings.clientId())
                    + "&client_secret=" + encode(settings.clientSecret())
                    + (settings.scope() == null ? "" : "&scope=" + encode(settings.scope()));
            HttpRequest request = HttpRequest.newBuilder(settings.tokenUrl()).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IdentityUnavailableException("token endpoint " + hostOf(settings.tokenUrl())
                            + " answered " + response.statusCode(), null);
                }
                JsonNode body = mapper.readTree(response.body());
                token = body.path("access_token").asText(null);
                if (token == null) {
                    throw new IdentityUnavailableException("token endpoint answered without access_token", null);
                }
                renewAt = clock.instant().plusSeconds(body.path("expires_in").asLong(300)).minus(LAG);
            } catch (JacksonException e) {
                throw new IdentityUnavailableException("token endpoint answered malformed JSON", e);
            } catch (IOException e) {
                throw new IdentityUnavailableException("token endpoint unreachable: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IdentityUnavailableException("token request interrupted", e);
            }
        }

        private static String hostOf(URI uri) {
            return uri.getHost();
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
