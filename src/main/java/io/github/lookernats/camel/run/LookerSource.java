package io.github.lookernats.camel.run;

/**
 * Where a result comes from, as Looker describes it.
 *
 * @param kind {@code look}, {@code query}, {@code inline_query}, or for pushes {@code scheduled_plan} / {@code action}
 * @param id the Look id, the query id (slug), a short hash of the inline query, the scheduled plan id or action name
 * @param queryId the query behind the result, when Looker names one
 * @param title the Look's title, when there is one
 * @param ownerId Looker user id of the owner, when known
 * @param model LookML model used for subjects
 * @param explore explore (Looker's {@code view}) used for subjects
 */
public record LookerSource(String kind, String id, String queryId, String title, String ownerId, String model, String explore) {

    /** Stable path used in CloudEvents {@code source} and in event ids, e.g. {@code /looks/42}. */
    public String path() {
        return switch (kind) {
            case "look" -> "/looks/" + id;
            case "query" -> "/queries/" + id;
            case "scheduled_plan" -> "/scheduled_plans/" + id;
            case "action" -> "/actions/" + id;
            default -> "/queries/inline/" + id;
        };
    }
}
