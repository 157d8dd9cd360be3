package io.github.lookernats.camel.looker.client;

import io.github.lookernats.camel.telemetry.RunTelemetry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Set;

/**
 * Observes each call to the Looker API: a span, and {@code looker_api_seconds} tagged with the method, the
 * endpoint as the spec names it ({@code /looks/{id}/run/{format}}, never an id, so the tags stay few) and the HTTP
 * status, so that quota use is visible.
 */
final class LookerApiCalls {

    private static final Set<String> COLLECTIONS = Set.of("looks", "queries", "query_tasks", "running_queries",
            "dashboards", "users", "groups", "scheduled_plans", "lookml_models", "explores");
    private static final Set<String> KEYWORDS = Set.of("run", "slug", "results", "multi_results", "search");

    private LookerApiCalls() {}

    /** Starts the observation of {@code call}, e.g. {@code GET /looks/42/run/json?limit=10}. */
    static Observation start(ObservationRegistry registry, String call) {
        int space = call.indexOf(' ');
        String method = space < 0 ? "GET" : call.substring(0, space);
        String endpoint = endpoint(space < 0 ? call : call.substring(space + 1));
        return Observation.createNotStarted(RunTelemetry.LOOKER_API, registry)
                .contextualName("looker " + method + " " + endpoint)
                .lowCardinalityKeyValue("method", method)
                .lowCardinalityKeyValue("endpoint", endpoint)
                .lowCardinalityKeyValue("status", "none")
                .start();
    }

    /** Stops it with the answer's status, or {@code IO_ERROR} when none came. */
    static void stop(Observation observation, int status, Throwable failure) {
        observation.lowCardinalityKeyValue("status", status > 0 ? Integer.toString(status) : "IO_ERROR");
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    /** The path with its ids, slugs and formats replaced by their names; no query. */
    static String endpoint(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        StringBuilder endpoint = new StringBuilder();
        String previous = "";
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String named;
            if ("run".equals(previous)) {
                named = "{format}";
            } else if ("slug".equals(previous)) {
                named = "{slug}";
            } else if (COLLECTIONS.contains(previous) && !KEYWORDS.contains(segment) || segment.chars().allMatch(Character::isDigit)) {
                named = "{id}";
            } else {
                named = segment;
            }
            endpoint.append('/').append(named);
            previous = segment;
        }
        return endpoint.isEmpty() ? "/" : endpoint.toString();
    }
}
