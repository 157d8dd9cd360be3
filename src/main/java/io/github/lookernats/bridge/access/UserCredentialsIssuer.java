package io.github.lookernats.bridge.access;

import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;

/**
 * Issues a NATS user for a caller and their teams: a fresh user NKey, a user JWT signed by the account signing key
 * ({@code issuer_account} = the account) with the teams' permissions, and the {@code .creds} text jnats and the
 * {@code nats} CLI read. The user's inbox is named after its own public key, so no two users share one.
 */
final class UserCredentialsIssuer {

    /** NATS tags are single lower-case words; anything else in a name becomes {@code _}. */
    private static final Pattern TAG_UNSAFE = Pattern.compile("[^\\p{Alnum}@._:+-]");
    private static final int MAX_TEXT = 200;

    private final String account;
    private final AccountSigningKey signingKey;
    private final TeamAccess teams;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    UserCredentialsIssuer(String account, AccountSigningKey signingKey, TeamAccess teams, ObjectMapper json, Clock clock) {
        this.account = account;
        this.signingKey = signingKey;
        this.teams = teams;
        this.json = json;
        this.clock = clock;
    }

    IssuedCredentials issue(Caller caller, SortedSet<String> readable, Duration lifetime)
            throws GeneralSecurityException, IOException {
        NKey user = NKey.createUser(random);
        String userKey = new String(user.getPublicKey());
        TeamPermissions permissions = teams.consumer(readable, userKey);
        JwtUtils.UserClaim claim = new JwtUtils.UserClaim(account)
                .pub(new JwtUtils.Permission().allow(permissions.publish().toArray(String[]::new)))
                .sub(new JwtUtils.Permission().allow(permissions.subscribe().toArray(String[]::new)))
                .tags(tags(caller, readable));
        long issuedAt = clock.instant().getEpochSecond();
        AccountSigningKey.Loaded signer = signingKey.current();
        String name = text(caller.name());
        String jwt = JwtUtils.issueUserJWT(signer.key(), userKey, name, lifetime, issuedAt, null, claim);
        String jwtId = json.readTree(JwtUtils.getClaimBody(jwt)).path("jti").asString();
        String creds = String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed()));
        return new IssuedCredentials(creds, jwtId, userKey, name, readable, permissions, teams.inboxPrefix(userKey),
                readable.stream().map(teams::streamName).toList(),
                Instant.ofEpochSecond(issuedAt).plus(lifetime), signer.publicKey());
    }

    private static String[] tags(Caller caller, SortedSet<String> readable) {
        List<String> tags = new ArrayList<>();
        tags.add(tag("sub:" + caller.subject()));
        if (caller.email() != null && !caller.email().isBlank()) {
            tags.add(tag("email:" + caller.email()));
        }
        readable.forEach(team -> tags.add(tag("team:" + team)));
        return tags.toArray(String[]::new);
    }

    private static String tag(String value) {
        return TAG_UNSAFE.matcher(text(value)).replaceAll("_");
    }

    /** Names from a token are bounded and stripped of control characters before they go into a JWT. */
    private static String text(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "_");
        return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT);
    }
}
