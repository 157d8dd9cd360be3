package io.github.lookernats.camel.looker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The fire time a firing proposes is the cron's latest time at or before the replica's clock: replicas that fire a
 * little late, each by its own clock, name the same fire time, so JetStream keeps one proposal.
 */
class FireTimeTest {

    @Test
    void aFiringNamesTheLatestTimeOfItsCronAtOrBeforeNow() {
        Instant due = Instant.parse("2026-12-01T12:00:05Z");
        assertThat(LookerConsumer.fireTime("0/5 * * * * ?", due)).isEqualTo(due);
        assertThat(LookerConsumer.fireTime("0/5 * * * * ?", due.plusMillis(2_300))).as("late by 2.3 s").isEqualTo(due);
        assertThat(LookerConsumer.fireTime("* * * * * ?", due.plusMillis(900))).isEqualTo(due);
    }

    @Test
    void aDailyCronFiredLateStillNamesItsTime() {
        // 03:00 on the scheduler's clock, in the JVM's zone as Quartz reads crons
        Instant threeOClock = ZonedDateTime.of(2026, 12, 1, 3, 0, 0, 0, ZoneId.systemDefault()).toInstant();
        assertThat(LookerConsumer.fireTime("0 0 3 * * ?", threeOClock.plusSeconds(40))).isEqualTo(threeOClock);
    }
}
