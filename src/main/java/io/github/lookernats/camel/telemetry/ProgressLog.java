package io.github.lookernats.camel.telemetry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of long runs: once a run has read {@code afterRows} rows, a line at most every {@code interval} with the
 * rows so far, the rate and the elapsed time; the rows so far also go to the route's {@code bridge_run_rows_read}
 * gauge. Checked every {@value #EVERY} rows, so the per-row cost is one counter.
 *
 * @param afterRows rows a run reads before its progress is logged
 * @param interval least time between two lines of one run
 */
public record ProgressLog(long afterRows, Duration interval) {

    /** Progress of runs past 100,000 rows, every 30 seconds. */
    public static final ProgressLog DEFAULT = new ProgressLog(100_000, Duration.ofSeconds(30));

    static final int EVERY = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    /** A tracker for one run. */
    public Tracker start(String route, AtomicLong gauge) {
        return new Tracker(route, gauge, System.nanoTime());
    }

    /** One run's progress. */
    public final class Tracker {

        private final String route;
        private final AtomicLong gauge;
        private final long startedAt;
        private long loggedAt;

        Tracker(String route, AtomicLong gauge, long startedAt) {
            this.route = route;
            this.gauge = gauge;
            this.startedAt = startedAt;
            this.loggedAt = startedAt;
        }

        /** After each row, with the rows read so far. */
        public void rows(long rows) {
            if (rows % EVERY != 0) {
                return;
            }
            gauge.set(rows);
            long now = System.nanoTime();
            if (rows >= afterRows && now - loggedAt >= interval.toNanos()) {
                loggedAt = now;
                double seconds = (now - startedAt) / 1e9;
                LOG.info("Run of {} in progress: {} rows, {} rows/s, {} s", route, rows, Math.round(rows / seconds),
                        Math.round(seconds));
            }
        }

        /** At the end, whatever the outcome. */
        public void finished(long rows) {
            gauge.set(rows);
        }
    }
}
