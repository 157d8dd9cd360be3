package io.github.lookernats.bridge.access;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answer to a refused credential request: the message as plain text and, for 401 and 403, an RFC 6750
 * {@code WWW-Authenticate} challenge ({@code invalid_token} or {@code insufficient_scope}; no error code when the
 * request carried no token at all, as section 3.1 asks).
 */
final class RefusalResponses {

    static final String REALM = "looker-nats-bridge";

    private RefusalResponses() {}

    static ResponseEntity<String> of(CredentialRefusal refusal) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(refusal.status()).contentType(MediaType.TEXT_PLAIN);
        if (refusal.status() == HttpStatus.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "missing-token".equals(refusal.reason())
                    ? "Bearer realm=\"" + REALM + "\""
                    : challenge("invalid_token", refusal.getMessage()));
        } else if (refusal.status() == HttpStatus.FORBIDDEN) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, challenge("insufficient_scope", refusal.getMessage()));
        }
        return answer.body(refusal.getMessage() + "\n");
    }

    private static String challenge(String error, String description) {
        return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\"" + quotable(description) + "\"";
    }

    /** RFC 6750 allows only printable ASCII without {@code "} and {@code \} in error_description. */
    private static String quotable(String text) {
        return text.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
    }
}
