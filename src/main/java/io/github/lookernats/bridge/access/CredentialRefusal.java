package io.github.lookernats.bridge.access;

import org.springframework.http.HttpStatus;

/**
 * A credential request that is answered without credentials: the status, a short reason (the metric tag and the
 * audit record's {@code reason}) and a message for the caller. Messages never quote the token.
 */
public class CredentialRefusal extends RuntimeException {

    private final HttpStatus status;
    private final String reason;
    private final String subject;

    public CredentialRefusal(HttpStatus status, String reason, String message) {
        this(status, reason, message, null);
    }

    /** @param subject the token's {@code sub}, when the token itself was valid */
    public CredentialRefusal(HttpStatus status, String reason, String message, String subject) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.subject = subject;
    }

    public static CredentialRefusal invalidToken(String reason, String message) {
        return new CredentialRefusal(HttpStatus.UNAUTHORIZED, reason, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String subject() {
        return subject;
    }

    public CredentialRefusal withSubject(String subject) {
        return new CredentialRefusal(status, reason, getMessage(), subject);
    }
}
