package io.github.lookernats.camel.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Progress of long runs: nothing before the threshold, then lines at a bounded rate, and the gauge follows. */
@ExtendWith(OutputCaptureExtension.class)
class ProgressLogTest {

    @Test
    void aRunPastTheThresholdLogsItsRowsRateAndTimeAndTheGaugeFollows(CapturedOutput output) {
        AtomicLong gauge = new AtomicLong();
        ProgressLog.Tracker tracker = new ProgressLog(3 * ProgressLog.EVERY, Duration.ZERO).start("export", gauge);

        for (long rows = 1; rows <= 5L * ProgressLog.EVERY; rows++) {
            tracker.rows(rows);
        }

        assertThat(output.getOut().lines().filter(line -> line.contains("Run of export in progress"))).hasSize(3);
        assertThat(output.getOut()).containsPattern("Run of export in progress: 3072 rows, \\d+ rows/s, \\d+ s");
        assertThat(gauge.get()).isEqualTo(5L * ProgressLog.EVERY);
        tracker.finished(5L * ProgressLog.EVERY + 7);
        assertThat(gauge.get()).isEqualTo(5L * ProgressLog.EVERY + 7);
    }

    @Test
    void theIntervalBoundsHowOftenOneRunLogs(CapturedOutput output) {
        ProgressLog.Tracker tracker = new ProgressLog(1, Duration.ofHours(1)).start("busy", new AtomicLong());

        for (long rows = 1; rows <= 100L * ProgressLog.EVERY; rows++) {
            tracker.rows(rows);
        }

        assertThat(output.getOut()).doesNotContain("Run of busy in progress");
    }
}
