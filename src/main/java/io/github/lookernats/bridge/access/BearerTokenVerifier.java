package io.github.lookernats.bridge.access;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Checks an {@code Authorization: Bearer} header against the identity provider: size first, then the token's form,
 * then its signature against the provider's keys (the decoder fetches and caches them) and {@link TokenChecks}.
 * Every failure becomes a {@link CredentialRefusal} with a reason of its own; the token is never quoted.
 */
final class BearerTokenVerifier {

    private static final String BEARER = "bearer ";

    private final JwtDecoder decoder;
    private final long maxTokenSize;

    BearerTokenVerifier(JwtDecoder decoder, long maxTokenSize) {
        this.decoder = decoder;
        this.maxTokenSize = maxTokenSize;
    }

    Jwt verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw CredentialRefusal.invalidToken("missing-token",
                    "No bearer token: send Authorization: Bearer <an access token of the identity provider>");
        }
        if (authorization.length() > maxTokenSize + BEARER.length()) {
            throw CredentialRefusal.invalidToken("token-too-large", "The token is longer than " + maxTokenSize + " bytes");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw CredentialRefusal.invalidToken("missing-token", "The Authorization header is not a Bearer token");
        }
        String token = authorization.substring(BEARER.length()).trim();
        try {
            // parsed once here only to tell a malformed token from one whose signature fails
            SignedJWT.parse(token);
        } catch (ParseException e) {
            throw CredentialRefusal.invalidToken("malformed-token", "The token is not a signed JWT");
        }
        try {
            return decoder.decode(token);
        } catch (JwtValidationException e) {
            throw refusal(e);
        } catch (BadJwtException e) {
            throw CredentialRefusal.invalidToken("bad-signature",
                    "The token's signature does not match a key of the identity provider");
        } catch (RuntimeException e) {
            // discovery or key set unreachable: not the caller's fault
            throw new CredentialRefusal(HttpStatus.SERVICE_UNAVAILABLE, "provider-unavailable",
                    "The identity provider's keys could not be fetched; try again later");
        }
    }

    private static CredentialRefusal refusal(JwtValidationException e) {
        for (OAuth2Error error : e.getErrors()) {
            if (error instanceof TokenChecks.Failure failure) {
                return CredentialRefusal.invalidToken(failure.reason(), failure.getDescription());
            }
        }
        return CredentialRefusal.invalidToken("invalid-token", "The token was refused: "
                + e.getErrors().stream().map(OAuth2Error::getErrorCode).map(c -> c.toLowerCase(Locale.ROOT)).toList());
    }
}
