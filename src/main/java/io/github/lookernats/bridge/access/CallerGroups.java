package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.identity.DirectoryUser;
import io.github.lookernats.bridge.identity.IdentityResolver;
import io.github.lookernats.bridge.identity.IdentityUnavailableException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

/** The groups of a token's holder: from a claim of the token, or from the identity provider's directory. */
final class CallerGroups {

    private final CredentialsProperties properties;
    private final IdentityResolver directory;

    CallerGroups(CredentialsProperties properties, IdentityResolver directory) {
        this.properties = properties;
        this.directory = directory;
    }

    List<String> of(Jwt token) {
        if (properties.groupsFrom() == CredentialsProperties.GroupsFrom.CLAIM) {
            return fromClaim(token.getClaims().get(properties.groupsClaim()));
        }
        String key = token.getClaimAsString(properties.lookupClaim());
        if (key == null || key.isBlank()) {
            throw new CredentialRefusal(HttpStatus.FORBIDDEN, "unknown-user",
                    "The token has no " + properties.lookupClaim() + " claim to look its holder up by", token.getSubject());
        }
        if ("email".equals(properties.lookupClaim()) && !Boolean.TRUE.equals(token.getClaimAsBoolean("email_verified"))) {
            // where users may set their own email, an unverified one would let them pass for someone else
            throw new CredentialRefusal(HttpStatus.FORBIDDEN, "email-not-verified",
                    "The token's email is not verified (email_verified), so it cannot be looked up", token.getSubject());
        }
        Optional<DirectoryUser> user;
        try {
            user = directory.directoryUser(key);
        } catch (IdentityUnavailableException e) {
            throw new CredentialRefusal(HttpStatus.SERVICE_UNAVAILABLE, "directory-unavailable",
                    "The identity provider's directory could not be asked for your groups; try again later", token.getSubject());
        }
        return user.map(DirectoryUser::groups).orElseThrow(() -> new CredentialRefusal(HttpStatus.FORBIDDEN, "unknown-user",
                "The identity provider's directory does not know the token's " + properties.lookupClaim(), token.getSubject()));
    }

    /** A list of names, or one name (some providers send a single group as a string). */
    private static List<String> fromClaim(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return claim instanceof String value ? List.of(value) : List.of();
    }
}
