package io.github.lookernats.bridge.push;

import io.github.lookernats.bridge.outbound.AllowedOrigins;
import io.github.lookernats.camel.looker.client.TimedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a streaming {@code download_url} once: no auth, single use, expires an hour after the schedule ran. The URL
 * comes with the push, so it is fetched only from an allowed origin, redirects are followed only to allowed origins,
 * and errors tell the caller nothing about the network beyond the status an allowed host answered.
 */
class DownloadClient {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadClient.class);
    static final int MAX_REDIRECTS = 3;

    private final HttpClient http;
    private final AllowedOrigins allowed;
    private final Duration headersTimeout;
    private final Duration idleTimeout;
    private final Duration totalTimeout;

    DownloadClient(HttpClient http, AllowedOrigins allowed, Duration headersTimeout, Duration idleTimeout, Duration totalTimeout) {
        this.http = http;
        this.allowed = allowed;
        this.headersTimeout = headersTimeout;
        this.idleTimeout = idleTimeout;
        this.totalTimeout = totalTimeout;
    }

    /** The response body, to be read as a stream and closed by the caller. */
    InputStream open(String url) {
        URI uri = parse(url);
        for (int redirects = 0; ; redirects++) {
            if (!allowed.allows(uri)) {
                throw DeliveryRejectedException.malformed("scheduled_plan.download_url"
                        + (redirects > 0 ? " redirects to a host" : " is on a host")
                        + " the bridge may not fetch from (bridge.push.download-allowed-origins)");
            }
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent() && status != 304) {
                discard(response);
                if (redirects >= MAX_REDIRECTS) {
                    throw new DownloadFailedException("download_url redirected more than " + MAX_REDIRECTS + " times", null);
                }
                uri = parse(uri, location.get());
                continue;
            }
            if (status != 200) {
                discard(response);
                throw new DownloadFailedException("download_url answered " + status
                        + " (one-time URLs expire an hour after the schedule ran)", null);
            }
            return new TimedBody(response.body(), "download_url", idleTimeout, totalTimeout);
        }
    }

    private HttpResponse<InputStream> send(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(headersTimeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new DownloadFailedException("download_url did not answer in time", e);
        } catch (IOException e) {
            // the cause stays in the server's log only: it may name internal addresses or quote a banner
            LOG.warn("Fetching download_url from {} failed: {}", AllowedOrigins.describe(uri), e.toString());
            throw new DownloadFailedException("download_url could not be fetched", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailedException("Interrupted while fetching download_url", e);
        }
    }

    private static URI parse(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw DeliveryRejectedException.malformed("scheduled_plan.download_url is not a URL");
        }
    }

    private static URI parse(URI base, String location) {
        try {
            return base.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new DownloadFailedException("download_url redirected to something that is not a URL", null);
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream ignored = response.body()) {
            // not read: a failed one-time URL cannot be retried, and a redirect's body says nothing
        } catch (IOException ignoredToo) {
            // nothing to add
        }
    }

    /** The download could not be fetched. */
    static class DownloadFailedException extends RuntimeException {
        DownloadFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
