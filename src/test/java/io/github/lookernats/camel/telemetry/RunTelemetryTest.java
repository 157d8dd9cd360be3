package io.github.lookernats.camel.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schedule a route's staleness is compared with: the longest gap between fire times over a week. */
class RunTelemetryTest {

    @Test
    void aRegularCronsIntervalIsItsPeriod() {
        assertThat(RunTelemetry.intervalSeconds("* * * * * ?")).isEqualTo(1);
        assertThat(RunTelemetry.intervalSeconds("0 0 3 * * ?")).isEqualTo(86_400);
    }

    @Test
    void aWorkingHoursCronIsNotStaleOverNightOrAWeekend() {
        // every 5 minutes from 09:00 to 17:55 on weekdays: the longest gap is Friday 17:55 to Monday 09:00
        assertThat(RunTelemetry.intervalSeconds("0 0/5 9-17 ? * MON-FRI")).isEqualTo((2 * 24 + 15) * 3600L + 5 * 60);
    }

    @Test
    void aCronThatNeverFiresAgainHasNoInterval() {
        assertThat(RunTelemetry.intervalSeconds("0 0 0 1 1 ? 2099")).isZero();
    }
}
