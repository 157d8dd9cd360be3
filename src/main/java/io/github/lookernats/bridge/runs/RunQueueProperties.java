package io.github.lookernats.bridge.runs;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sharing scheduled runs between replicas through a JetStream work queue (work in progress: off by default).
 *
 * @param shared propose each fire time to the queue, and run what the queue hands this replica, instead of running
 *     every fire time here
 * @param stream the work-queue stream of proposed runs
 * @param subjectPrefix proposals go to {@code <prefix>.<route>}
 * @param replicas the stream's replicas (3 on a three-node cluster)
 * @param maxConcurrent most runs under way across all replicas (the consumer's max ack pending): a cap on the
 *     queries Looker runs at once for the bridge
 * @param perReplica most runs under way on one replica
 * @param ackWait a run not confirmed in progress for this long is handed to another replica
 * @param maxDeliver how often one fire time is handed out before it is given up
 * @param requestSubject where a NATS request {@code {"route": "<id>"}} queues a run of that route now
 */
@Validated
@ConfigurationProperties("bridge.runs")
public record RunQueueProperties(
        @DefaultValue("false") boolean shared,
        @DefaultValue("LOOKER_RUNS") @NotBlank String stream,
        @DefaultValue("looker-runs") @NotBlank String subjectPrefix,
        @DefaultValue("1") @Min(1) int replicas,
        @DefaultValue("4") @Min(1) int maxConcurrent,
        @DefaultValue("2") @Min(1) int perReplica,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 3) Duration ackWait,
        @DefaultValue("5") @Min(1) int maxDeliver,
        @DefaultValue("looker-run-requests") @NotBlank String requestSubject) {
}
