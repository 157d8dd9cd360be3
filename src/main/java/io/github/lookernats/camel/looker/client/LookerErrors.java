package io.github.lookernats.camel.looker.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Maps a non-2xx Looker answer to the exception that tells the route whether to retry. */
final class LookerErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 8 * 1024;

    private LookerErrors() {}

    static void throwIfFailed(String call, int status, HttpHeaders headers, byte[] body) {
        if (status >= 200 && status < 300) {
            return;
        }
        String message = call + " answered " + status + ": " + lookerMessage(body);
        if (status == 429 || status >= 500) {
            throw new LookerUnavailableException(status, message, retryAfter(headers), null);
        }
        throw new LookerRequestException(status, message);
    }

    /** Looker's {@code Error} body carries {@code message}; anything else is quoted, shortened. */
    static String lookerMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        byte[] head = body.length > MAX_ERROR_BODY ? Arrays.copyOf(body, MAX_ERROR_BODY) : body;
        try {
            JsonNode json = MAPPER.readTree(head);
            if (json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        String text = new String(head, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /**
     * The message of a failed query, from a result body: {@code errors[].message} in json_detail, a
     * {@code looker_error} row in json, else the body as {@link #lookerMessage} reads it.
     */
    static String queryError(byte[] body) {
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json != null && json.path("errors").isArray() && !json.path("errors").isEmpty()) {
                List<String> messages = new ArrayList<>();
                json.path("errors").forEach(error -> messages.add(error.path("message").asText(error.toString())));
                return String.join("; ", messages);
            }
            if (json != null && json.path(0).hasNonNull(LOOKER_ERROR)) {
                return json.path(0).path(LOOKER_ERROR).asText();
            }
        } catch (Exception notJson) {
            // a truncated or non-JSON body: quoted as it is below
        }
        return lookerMessage(body);
    }

    /** The one key of the row Looker answers a failed json query with, instead of rows. */
    static final String LOOKER_ERROR = "looker_error";

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::strip).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return wait.isNegative() ? Duration.ZERO : wait;
                } catch (RuntimeException unparseable) {
                    return null;
                }
            }
        }).orElse(null);
    }
}
