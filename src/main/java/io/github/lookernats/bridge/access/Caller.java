package io.github.lookernats.bridge.access;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who asked, as the verified token names them.
 *
 * @param subject the token's {@code sub}
 * @param email the token's {@code email}, null when absent
 */
record Caller(String subject, String email) {

    static Caller of(Jwt token) {
        return new Caller(token.getSubject(), token.getClaimAsString("email"));
    }

    /** The user JWT's name: the email when there is one, else the subject. */
    String name() {
        return email != null && !email.isBlank() ? email : subject;
    }
}
