package io.github.lookernats.camel.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One finished run or push (docs/events/audit-delivery.schema.json).
 *
 * @param runId the run's id, as in its events' {@code ce-runid}
 * @param route the route, or the push endpoint ({@code webhook}, {@code action-hub})
 * @param action for an Action Hub push, the action's name
 * @param source what was read: kind, Looker id and, for a push, the scheduled plan
 * @param owner the owner as the events carry it (email or hash), null when unknown
 * @param team the owning team, null when none
 * @param subjects the subjects the events went to
 * @param stream the stream that acknowledged the events
 * @param firstSequence lowest stream sequence of the run's events, from the PubAcks
 * @param lastSequence highest stream sequence of the run's events
 * @param events events acknowledged: rows plus the summary
 * @param duplicates of those, events the stream already held from an earlier attempt
 * @param rowCount rows read from the result
 * @param fingerprint the result's fingerprint, as in the summary
 * @param outcome {@code complete}, {@code dead-lettered} or {@code replayed}
 * @param reason for a dead letter, why the run failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryRecord(String runId, String route, String action, Source source, String owner, String team,
        List<String> subjects, String stream, Long firstSequence, Long lastSequence, Long events, Long duplicates,
        Long rowCount, String fingerprint, String outcome, String reason) {

    /**
     * @param kind {@code look}, {@code query}, {@code inline-query}, {@code webhook} or {@code action-hub}
     * @param id the Look's or query's id, or the scheduled plan's
     * @param title the Look's or plan's title
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String kind, String id, String title) {}
}
