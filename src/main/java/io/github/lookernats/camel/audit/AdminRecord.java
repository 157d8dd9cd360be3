package io.github.lookernats.camel.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One admin call (docs/events/audit-admin.schema.json).
 *
 * @param action e.g. {@code dead-letters.list}, {@code dead-letters.replay}, {@code audit.query}
 * @param adminTokenId a fingerprint of the admin token used (never the token)
 * @param filter the call's filter, as given
 * @param outcome {@code ok}, or what went wrong
 * @param count how many items the call listed or replayed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminRecord(String action, String adminTokenId, Map<String, String> filter, String outcome, Long count) {}
