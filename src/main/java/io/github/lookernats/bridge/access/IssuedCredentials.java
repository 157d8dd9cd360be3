package io.github.lookernats.bridge.access;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/**
 * One issued NATS user: the {@code .creds} text handed to the caller (JWT and seed: a secret, never logged or stored)
 * and what the audit record and the response headers tell about it.
 *
 * @param creds the {@code .creds} file content
 * @param jwtId the user JWT's {@code jti}
 * @param userKey the user's public NKey
 * @param name the user JWT's name
 * @param teams the teams whose events the user may read
 * @param permissions the user's publish and subscribe allow lists
 * @param inboxPrefix the reply subject prefix the client must use ({@code Options.Builder.inboxPrefix})
 * @param streams the team streams the user may consume
 * @param expiresAt when the JWT expires
 * @param signingKey the public key of the account signing key that signed it
 */
record IssuedCredentials(String creds, String jwtId, String userKey, String name, SortedSet<String> teams,
        TeamPermissions permissions, String inboxPrefix, List<String> streams, Instant expiresAt, String signingKey) {

    @Override
    public String toString() {
        // the record's default toString would print the seed
        return "IssuedCredentials[jwtId=" + jwtId + ", userKey=" + userKey + ", teams=" + teams + "]";
    }
}
