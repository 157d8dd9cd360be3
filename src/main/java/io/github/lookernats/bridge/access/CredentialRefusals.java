package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.audit.AuditTrail;
import io.github.lookernats.bridge.audit.RefusedGrantRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a refused credential request ({@code bridge.access.credentials.refused}, tagged by reason) and records it
 * in the audit trail, without the token. A refusal is answered even when its record cannot be stored.
 */
final class CredentialRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRefusals.class);

    private final AuditTrail audit;
    private final MeterRegistry meters;

    CredentialRefusals(AuditTrail audit, MeterRegistry meters) {
        this.audit = audit;
        this.meters = meters;
    }

    void record(CredentialRefusal refusal) {
        Counter.builder("bridge.access.credentials.refused").tag("reason", refusal.reason())
                .description("Refused NATS credential requests").register(meters).increment();
        try {
            audit.refusedGrant(new RefusedGrantRecord(refusal.reason(), refusal.subject()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("A refused credential request ({}) could not be stored in the audit trail: {}", refusal.reason(),
                    e.getMessage());
        }
    }
}
