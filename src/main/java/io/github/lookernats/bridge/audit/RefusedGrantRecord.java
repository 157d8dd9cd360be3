package io.github.lookernats.bridge.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A refused credential request, recorded without its token (docs/events/audit-grant-refused.schema.json).
 *
 * @param reason why it was refused, e.g. {@code expired}, {@code expires-too-soon}, {@code wrong-audience}
 * @param subject the token's {@code sub} when the token was valid but its holder may read no team, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefusedGrantRecord(String reason, String subject) {}
