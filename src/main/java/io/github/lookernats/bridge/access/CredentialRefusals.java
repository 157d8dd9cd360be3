package io.github.lookernats.bridge.access;

import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.camel.audit.RefusedGrantRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a refused credential request ({@code bridge.access.credentials.refused}, tagged by reason) and records it
 * in the audit trail, without the token. A refusal is answered even when its record cannot be stored.
 * <p>
 * The endpoint is public, so anyone can make refusals that no identity provider signed for (no token, garbage, a bad
 * signature). Recording each of those would let them fill the audit stream, which is kept for 400 days; they are
 * recorded at most once a minute per reason, with the number left out since the last record. Refusals of tokens the
 * provider signed are recorded every time.
 */
final class CredentialRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRefusals.class);
    /** Reasons decided before the token's signature was verified: anyone can cause them. */
    static final Set<String> UNVERIFIED = Set.of("missing-token", "malformed-token", "token-too-large", "bad-signature",
            "body-too-large", "provider-unavailable");
    private static final long WINDOW_MILLIS = 60_000;

    private final AuditTrail audit;
    private final MeterRegistry meters;
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();

    CredentialRefusals(AuditTrail audit, MeterRegistry meters) {
        this.audit = audit;
        this.meters = meters;
    }

    void record(CredentialRefusal refusal) {
        Counter.builder("bridge.access.credentials.refused").tag("reason", refusal.reason())
                .description("Refused NATS credential requests").register(meters).increment();
        Long suppressed = null;
        if (UNVERIFIED.contains(refusal.reason())) {
            suppressed = admit(refusal.reason());
            if (suppressed == null) {
                return;
            }
        }
        try {
            audit.refusedGrant(new RefusedGrantRecord(refusal.reason(), refusal.subject(), suppressed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("A refused credential request ({}) could not be stored in the audit trail: {}", refusal.reason(),
                    e.getMessage());
        }
    }

    /**
     * Null when this refusal is left out of the trail (one of its reason was recorded less than a minute ago);
     * otherwise how many were left out since the last record.
     */
    private Long admit(String reason) {
        long now = System.currentTimeMillis();
        long[] window = windows.computeIfAbsent(reason, r -> new long[] {0, 0}); // {last recorded at, left out since}
        synchronized (window) {
            if (now - window[0] < WINDOW_MILLIS) {
                window[1]++;
                return null;
            }
            long leftOut = window[1];
            window[0] = now;
            window[1] = 0;
            return leftOut;
        }
    }
}
