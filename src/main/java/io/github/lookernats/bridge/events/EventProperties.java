package io.github.lookernats.bridge.events;

import io.github.lookernats.camel.events.EventShape;
import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.camel.telemetry.ProgressLog;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Shape of the events the bridge publishes.
 *
 * @param subjectPrefix first subject token; events go to {@code <prefix>.<model>.<explore>.<row|summary>}
 * @param rowSuffix last subject token of row events
 * @param summarySuffix last subject token of summary events
 * @param typePrefix prefix of the CloudEvents {@code type}; row events are {@code <prefix>.row.v1}
 * @param progress progress of long runs, in the log and the {@code bridge_run_rows_read} gauge
 */
@Validated
@ConfigurationProperties("bridge.events")
public record EventProperties(
        @DefaultValue("looker") @NotBlank @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String subjectPrefix,
        @DefaultValue("row") @NotBlank @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String rowSuffix,
        @DefaultValue("summary") @NotBlank @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String summarySuffix,
        @DefaultValue("io.github.lookernats.looker") @NotBlank String typePrefix,
        @DefaultValue @Valid @NotNull Progress progress) {

    /**
     * @param afterRows rows a run reads before its progress is logged
     * @param interval least time between two progress lines of one run
     */
    public record Progress(
            @DefaultValue("100000") @Min(1) long afterRows,
            @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration interval) {

        public ProgressLog log() {
            return new ProgressLog(afterRows, interval);
        }
    }

    /** The events' shape, for the components. */
    public EventShape shape() {
        return new EventShape(subjectPrefix, rowSuffix, summarySuffix, typePrefix);
    }
}
