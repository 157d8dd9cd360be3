package io.github.lookernats.camel.audit;

import java.time.Instant;
import java.util.List;

/**
 * One issued NATS credential (docs/events/audit-grant.schema.json).
 *
 * @param subject the OIDC token's {@code sub}
 * @param email the token's email, if any
 * @param name the user JWT's name
 * @param teams the teams whose events the credential may read
 * @param publish the JWT's publish allow list
 * @param subscribe the JWT's subscribe allow list
 * @param jwtId the user JWT's {@code jti}
 * @param userKey the user's public NKey
 * @param expiresAt when the JWT expires
 * @param signingKey the public key of the account signing key that signed it
 */
public record GrantRecord(String subject, String email, String name, List<String> teams, List<String> publish,
        List<String> subscribe, String jwtId, String userKey, Instant expiresAt, String signingKey) {}
