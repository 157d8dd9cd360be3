package io.github.lookernats.bridge.emulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens issued by POST /login and their expiry times. */
final class TokenStore {

    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int TOKEN_LENGTH = 40;

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration ttl = DEFAULT_TTL;

    String issue() {
        StringBuilder token = new StringBuilder(TOKEN_LENGTH);
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            token.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        expiries.put(token.toString(), Instant.now().plus(ttl));
        return token.toString();
    }

    boolean isValid(String token) {
        Instant expiry = expiries.get(token);
        if (expiry == null) {
            return false;
        }
        if (Instant.now().isAfter(expiry)) {
            expiries.remove(token);
            return false;
        }
        return true;
    }

    void revoke(String token) {
        expiries.remove(token);
    }

    void revokeAll() {
        expiries.clear();
    }

    void ttl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        this.ttl = ttl;
    }

    /** The {@code expires_in} value: whole seconds, rounded up so a sub-second TTL is not announced as 0. */
    long ttlSeconds() {
        Duration current = ttl;
        return current.getSeconds() + (current.getNano() > 0 ? 1 : 0);
    }

    void reset() {
        expiries.clear();
        ttl = DEFAULT_TTL;
    }
}
