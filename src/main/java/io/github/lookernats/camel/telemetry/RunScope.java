package io.github.lookernats.camel.telemetry;

import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.github.lookernats.camel.run.ResultRun;
import io.micrometer.observation.Observation;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExchangeHelper;
import org.slf4j.MDC;

/**
 * One run under observation: a span (a child of the current one, so a push continues its caller's trace) and the
 * {@code bridge_run_seconds} timer, tagged with the route, the source ({@code poll} or {@code push}), the action and
 * the outcome; {@code runId} and {@code route} are in the log's MDC meanwhile, so one grep follows a run.
 */
public final class RunScope implements AutoCloseable {

    /** MDC keys set while a run lasts. */
    public static final String MDC_RUN_ID = "runId";
    public static final String MDC_ROUTE = "route";

    private final Observation observation;
    private final Observation.Scope scope;
    private final String previousRunId;
    private final String previousRoute;

    RunScope(RunTelemetry telemetry, ResultRun run, String source) {
        observation = Observation.createNotStarted(RunTelemetry.RUN, telemetry.observations())
                .contextualName(source + " " + run.routeId())
                .lowCardinalityKeyValue("route", run.routeId())
                .lowCardinalityKeyValue("source", source)
                .lowCardinalityKeyValue("action", RunTelemetry.action(run))
                .lowCardinalityKeyValue("outcome", "unknown")
                .highCardinalityKeyValue("run.id", run.runId())
                .start();
        scope = observation.openScope();
        previousRunId = MDC.get(MDC_RUN_ID);
        previousRoute = MDC.get(MDC_ROUTE);
        MDC.put(MDC_RUN_ID, run.runId());
        MDC.put(MDC_ROUTE, run.routeId());
    }

    /**
     * How the run's exchange ended: {@code complete}, {@code dead-lettered} (its error handler stored it), or
     * {@code failed} (it could not even be dead-lettered).
     */
    public void ended(Exchange exchange) {
        Exception failure = exchange.getException();
        if (exchange.getProperty(DeadLetterWriter.STORED, false, Boolean.class)) {
            observation.lowCardinalityKeyValue("outcome", "dead-lettered");
            Exception cause = failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (cause != null) {
                observation.error(cause);
            }
        } else if (failure != null) {
            observation.lowCardinalityKeyValue("outcome", "failed").error(failure);
        } else if (ExchangeHelper.isFailureHandled(exchange)) {
            // handled, yet no letter stored: an error handler of the route's own swallowed it
            observation.lowCardinalityKeyValue("outcome", "failed");
            Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (caught != null) {
                observation.error(caught);
            }
        } else {
            observation.lowCardinalityKeyValue("outcome", "complete");
        }
    }

    @Override
    public void close() {
        scope.close();
        observation.stop();
        restore(MDC_RUN_ID, previousRunId);
        restore(MDC_ROUTE, previousRoute);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
