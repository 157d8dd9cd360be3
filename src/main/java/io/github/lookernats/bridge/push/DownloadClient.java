package io.github.lookernats.bridge.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fetches a streaming {@code download_url} once: no auth, single use, expires an hour after the schedule ran. */
class DownloadClient {

    private final HttpClient http;
    private final Duration timeout;

    DownloadClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The response body, to be read as a stream and closed by the caller. */
    InputStream open(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw DeliveryRejectedException.malformed("scheduled_plan.download_url is not a URL: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DownloadFailedException("Fetching download_url failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadFailedException("Interrupted while fetching download_url", e);
        }
        if (response.statusCode() != 200) {
            try (InputStream ignored = response.body()) {
                // a one-time URL that failed cannot be retried: the delivery is dead-lettered
            } catch (IOException ignoredToo) {
                // nothing to add
            }
            throw new DownloadFailedException("download_url answered " + response.statusCode()
                    + " (one-time URLs expire an hour after the schedule ran)", null);
        }
        return response.body();
    }

    /** The download could not be fetched. */
    static class DownloadFailedException extends RuntimeException {
        DownloadFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
