package io.github.lookernats.camel.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A refused credential request, recorded without its token (docs/events/audit-grant-refused.schema.json).
 *
 * @param reason why it was refused, e.g. {@code expired}, {@code expires-too-soon}, {@code wrong-audience}
 * @param subject the token's {@code sub} when the provider signed the token, else null
 * @param suppressed for refusals of unsigned requests (no token, garbage, bad signature), recorded at most once a
 *     minute per reason: how many of the same reason were left out since the last record; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefusedGrantRecord(String reason, String subject, Long suppressed) {}
