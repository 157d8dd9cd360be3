package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.secrets.RotatingSecret;
import io.github.lookernats.bridge.secrets.SecretFiles;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.stereotype.Component;

/** Checks the admin bearer token of the management-port endpoints (dead letters, audit trail). */
@Component
public class AdminAuthorization {

    /** Why a call is refused: the HTTP status and a message for the caller. */
    public record Refusal(int status, String message) {}

    private final RotatingSecret adminToken;

    public AdminAuthorization(DeadLetterProperties properties, SecretFiles secrets) {
        this.adminToken = DeadLetterAdminPortCheck.adminToken(secrets, properties);
    }

    /** Null when the {@code Authorization} header carries the admin token (re-read when its file changes); otherwise why not. */
    public Refusal refusal(String authorization) {
        if (!adminToken.isSet()) {
            return new Refusal(404, "the admin endpoints are off (bridge.dead-letter.admin-token)");
        }
        if (!adminToken.matches(bearer(authorization))) {
            return new Refusal(401, "missing or wrong bearer token");
        }
        return null;
    }

    /**
     * Names the token in audit records without revealing it: the start of its SHA-256. Admin tokens are long random
     * values (docs/security.md), so the hash cannot be turned back into one.
     */
    public static String tokenId(String authorization) {
        String token = bearer(authorization);
        return token == null ? null : "sha256:" + DigestUtils.sha256Hex(token).substring(0, 12);
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }
}
