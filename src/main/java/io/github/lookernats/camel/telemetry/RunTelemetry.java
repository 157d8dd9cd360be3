package io.github.lookernats.camel.telemetry;

import io.github.lookernats.camel.run.ResultRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.quartz.CronExpression;

/**
 * What operators watch per route: runs (an observation, so a timer and a span), rows published, the time of the last
 * complete run, staleness against the schedule, progress of the run under way, and dead letters. One per Camel
 * context, shared by the looker and looker-events components; the bridge application makes it from its Micrometer
 * registries, plain Camel from Micrometer's global ones.
 */
public final class RunTelemetry {

    /** A run, polled or pushed, from its start to its summary or dead letter: {@code bridge_run_seconds}. */
    public static final String RUN = "bridge.run";
    /** The publishing of a run's events: a span with the row count. */
    public static final String PUBLISH = "bridge.publish";
    /** Resolving a run's owner through the identity provider. */
    public static final String IDENTITY = "bridge.identity";
    /** One call to the Looker API: {@code looker_api_seconds} by endpoint and status. */
    public static final String LOOKER_API = "looker.api";
    /** Tag value of {@code action} for a poll, which has none. */
    public static final String NO_ACTION = "none";

    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final Clock clock;
    private final Map<String, RouteState> routes = new ConcurrentHashMap<>();

    public RunTelemetry(MeterRegistry meters, ObservationRegistry observations, Clock clock) {
        this.meters = meters;
        this.observations = observations;
        this.clock = clock;
    }

    /** The context's telemetry: the registry's, or a new one on Micrometer's global registry, bound for the next. */
    public static RunTelemetry of(CamelContext camel) {
        synchronized (camel) {
            RunTelemetry found = camel.getRegistry().findSingleByType(RunTelemetry.class);
            if (found == null) {
                found = new RunTelemetry(Metrics.globalRegistry, ObservationRegistry.NOOP, Clock.systemUTC());
                camel.getRegistry().bind("lookerRunTelemetry", RunTelemetry.class, found);
            }
            return found;
        }
    }

    public ObservationRegistry observations() {
        return observations;
    }

    /**
     * A route that runs on a cron schedule: {@code bridge_route_schedule_interval_seconds} (the time between its
     * next two fire times) and {@code bridge_route_staleness_seconds} (since its last complete run, or since it was
     * scheduled), which keeps rising while the route is paused or failing.
     */
    public void scheduled(String route, String cron) {
        RouteState state = route(route);
        deadLetters(route, NO_ACTION); // from 0, so the first dead letter is an increase
        state.interval.set(intervalSeconds(cron));
        state.scheduledAt.compareAndSet(0, clock.millis());
        state.stalenessGauge();
    }

    /** Starts a run's observation, with the run's id and route in the log's MDC while it lasts. */
    public RunScope startRun(ResultRun run, String source) {
        route(run.routeId()).rowsRead.set(0);
        deadLetters(run.routeId(), action(run));
        return new RunScope(this, run, source);
    }

    /** A run stored completely: its rows count, and it is the route's last success. */
    public void completed(ResultRun run, long rows) {
        RouteState state = route(run.routeId());
        Counter.builder("bridge.rows.published").description("Row events of complete runs, acknowledged by JetStream")
                .tag("route", run.routeId()).tag("action", action(run)).register(meters).increment(rows);
        state.lastSuccess.set(clock.millis());
    }

    /** A run given up and stored as a dead letter. */
    public void deadLettered(String route, String action) {
        deadLetters(route, action == null ? NO_ACTION : action).increment();
    }

    private Counter deadLetters(String route, String action) {
        return Counter.builder("bridge.dead.letters").description("Failed runs and deliveries stored in the dead-letter stream")
                .tag("route", route).tag("action", action).register(meters);
    }

    /** Rows read so far by the route's run under way: {@code bridge_run_rows_read}. */
    public AtomicLong rowsRead(String route) {
        return route(route).rowsRead;
    }

    static String action(ResultRun run) {
        String action = run.action();
        return action == null ? NO_ACTION : action;
    }

    Clock clock() {
        return clock;
    }

    private RouteState route(String route) {
        return routes.computeIfAbsent(route, id -> new RouteState(id, meters, clock));
    }

    /**
     * The longest gap between two fire times over the coming week (at most 2,000 of them): a cron with working hours
     * or weekdays (0 0/5 9-17 * * MON-FRI) is not stale at night or on a Sunday.
     */
    static long intervalSeconds(String cron) {
        try {
            CronExpression expression = new CronExpression(cron);
            Date previous = expression.getNextValidTimeAfter(new Date());
            long weekLater = previous == null ? 0 : previous.getTime() + 7L * 24 * 3600 * 1000;
            long longest = 0;
            for (int i = 0; i < 2000 && previous != null && previous.getTime() <= weekLater; i++) {
                Date next = expression.getNextValidTimeAfter(previous);
                if (next == null) {
                    break;
                }
                longest = Math.max(longest, next.getTime() - previous.getTime());
                previous = next;
            }
            return longest / 1000;
        } catch (ParseException e) {
            return 0; // the endpoint refuses such a cron before it is scheduled
        }
    }

    /** One route's gauges: they read these values when scraped, so the hot path only sets numbers. */
    private static final class RouteState {

        private final String route;
        private final MeterRegistry meters;
        private final Clock clock;
        private final AtomicLong lastSuccess = new AtomicLong();
        private final AtomicLong scheduledAt = new AtomicLong();
        private final AtomicLong interval = new AtomicLong();
        private final AtomicLong rowsRead = new AtomicLong();
        private volatile boolean stalenessRegistered;

        RouteState(String route, MeterRegistry meters, Clock clock) {
            this.route = route;
            this.meters = meters;
            this.clock = clock;
            Gauge.builder("bridge.run.last.success", lastSuccess, millis -> millis.get() / 1000.0)
                    .description("When the route's last complete run ended (epoch seconds; 0 before the first)")
                    .baseUnit("seconds").tag("route", route).register(meters);
            Gauge.builder("bridge.run.rows.read", rowsRead, AtomicLong::get)
                    .description("Rows read by the route's run under way, or by its last run")
                    .tag("route", route).register(meters);
        }

        synchronized void stalenessGauge() {
            if (stalenessRegistered) {
                return;
            }
            stalenessRegistered = true;
            Gauge.builder("bridge.route.schedule.interval", interval, AtomicLong::get)
                    .description("Time between the route's next two fire times").baseUnit("seconds")
                    .tag("route", route).register(meters);
            Gauge.builder("bridge.route.staleness", this, RouteState::stalenessSeconds)
                    .description("Time since the route's last complete run (or since it was scheduled)")
                    .baseUnit("seconds").tag("route", route).register(meters);
        }

        double stalenessSeconds() {
            long since = lastSuccess.get() > 0 ? lastSuccess.get() : scheduledAt.get();
            return since == 0 ? 0 : (clock.millis() - since) / 1000.0;
        }
    }
}
