package io.github.lookernats.bridge.emulator;

import java.time.Instant;

/**
 * One request seen by the {@link LookerEmulator}.
 *
 * @param method        HTTP method
 * @param path          request path without the query string
 * @param query         raw query string, or {@code null}
 * @param status        status answered, or 0 while the answer has not started yet
 * @param at            when the request arrived
 * @param authorization the Authorization header as sent, or {@code null}
 */
public record RecordedRequest(String method, String path, String query, int status, Instant at, String authorization) {
}
