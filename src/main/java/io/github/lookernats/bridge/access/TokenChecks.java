package io.github.lookernats.bridge.access;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * What a bearer token must pass after its signature: Spring Security's timestamp ({@code exp}, {@code nbf}), issuer
 * and audience validators, then the expiry margin. The checks run in order and the first failure is answered, with
 * its own reason and message: Spring's composite validator would report them all, with texts meant for logs.
 */
final class TokenChecks implements OAuth2TokenValidator<Jwt> {

    private record Check(String reason, OAuth2TokenValidator<Jwt> validator, Function<Jwt, String> message) {}

    /** A failed check: an {@code invalid_token} error that also carries the refusal reason. */
    static final class Failure extends OAuth2Error {
        private final String reason;

        Failure(String reason, String description) {
            super(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final List<Check> checks;

    TokenChecks(CredentialsProperties properties, Clock clock) {
        String issuer = properties.issuerUri().toString();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setClock(clock);
        Duration margin = properties.expiryMargin();
        this.checks = List.of(
                new Check("missing-expiry", jwt -> jwt.getExpiresAt() == null ? fail() : ok(),
                        jwt -> "The token has no expiry (exp)"),
                // Spring's timestamp validator checks nbf too, but reports both as one failure; nbf is told apart first
                new Check("not-yet-valid",
                        jwt -> jwt.getNotBefore() != null && jwt.getNotBefore().isAfter(clock.instant().plus(properties.clockSkew()))
                                ? fail() : ok(),
                        jwt -> "The token is not valid before " + jwt.getNotBefore()),
                new Check("expired", timestamps, jwt -> "The token expired at " + jwt.getExpiresAt()),
                new Check("wrong-issuer", new JwtIssuerValidator(issuer), jwt -> "The token was not issued by " + issuer),
                new Check("wrong-audience", new JwtAudienceValidator(properties.audience()),
                        jwt -> "The token is not meant for this bridge: its audience must include " + properties.audience()),
                new Check("expires-too-soon",
                        jwt -> jwt.getExpiresAt().isBefore(clock.instant().plus(margin)) ? fail() : ok(),
                        jwt -> "The token expires at " + jwt.getExpiresAt() + ", within " + margin
                                + ": credentials are only issued for a token valid at least that long; get a fresh token"));
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        for (Check check : checks) {
            if (check.validator().validate(jwt).hasErrors()) {
                return OAuth2TokenValidatorResult.failure(new Failure(check.reason(), check.message().apply(jwt)));
            }
        }
        return ok();
    }

    private static OAuth2TokenValidatorResult ok() {
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult fail() {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN));
    }
}
