package io.github.lookernats.bridge.emulator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** run_look, run_query and run_inline_query. */
final class RunEndpoints {

    /** Looker's row cap when neither the request nor the query sets a limit. */
    private static final long DEFAULT_ROW_CAP = 5_000;

    private final TheLook catalog;
    private final RowCounts rowCounts;
    private final ResultStreamer streamer;

    RunEndpoints(TheLook catalog, RowCounts rowCounts, ResultStreamer streamer) {
        this.catalog = catalog;
        this.rowCounts = rowCounts;
        this.streamer = streamer;
    }

    void runLook(ApiCall call) throws IOException {
        TheLook.Look look = catalog.look(call.pathParam("look_id")).orElseThrow(ApiException::notFound);
        TheLook.SavedQuery query = look.query();
        ResultFormat format = format(call);
        long available = rowCounts.resolve(query.defaultRows(), look.id(), query.spec().id());
        run(call, format, query.spec(), available);
    }

    /** The result {@code run_look} with {@code limit=-1} gives, for rendering ahead of time. */
    QueryResult unlimitedLookResult(String lookId) {
        TheLook.Look look = catalog.look(lookId).orElseThrow(() -> new IllegalArgumentException("no look " + lookId));
        TheLook.SavedQuery query = look.query();
        long available = rowCounts.resolve(query.defaultRows(), look.id(), query.spec().id());
        return QueryResult.of(query.spec(), catalog.exploreOf(query.spec()), available);
    }

    void runQuery(ApiCall call) throws IOException {
        TheLook.SavedQuery query = catalog.query(call.pathParam("query_id")).orElseThrow(ApiException::notFound);
        ResultFormat format = format(call);
        long available = rowCounts.resolve(query.defaultRows(), query.spec().id(), query.lookId());
        run(call, format, query.spec(), available);
    }

    void runInline(ApiCall call) throws IOException {
        QuerySpec query = parseInlineQuery(call.readBody());
        ResultFormat format = format(call);
        catalog.explore(query.model(), query.view()).orElseThrow(ApiException::notFound);
        run(call, format, query, rowCounts.resolve(TheLook.INLINE_DEFAULT_ROWS, RowCounts.INLINE));
    }

    private void run(ApiCall call, ResultFormat format, QuerySpec query, long available) throws IOException {
        streamer.stream(call, format, result(query, available, call.queryParam("limit")));
    }

    /** The result a saved query gives with the request's {@code limit} (or the query's own), for query tasks too. */
    QueryResult savedQueryResult(TheLook.SavedQuery query, String requestedLimit) {
        return result(query.spec(), rowCounts.resolve(query.defaultRows(), query.spec().id(), query.lookId()), requestedLimit);
    }

    private QueryResult result(QuerySpec query, long available, String requestedLimit) {
        long limit = limit(requestedLimit, query.limit());
        long rows = limit < 0 ? available : Math.min(limit, available);
        return QueryResult.of(query, catalog.exploreOf(query), rows);
    }

    private static ResultFormat format(ApiCall call) {
        return ResultFormat.fromPath(call.pathParam("result_format"))
                .orElseThrow(() -> ApiException.badRequest("Unsupported result format"));
    }

    /** The request's limit overrides the query's; -1 (any negative) means unlimited. */
    private static long limit(String requested, String saved) {
        String chosen = requested != null && !requested.isBlank() ? requested
                : saved != null && !saved.isBlank() ? saved : null;
        if (chosen == null) {
            return DEFAULT_ROW_CAP;
        }
        try {
            return Long.parseLong(chosen.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid limit: " + chosen);
        }
    }

    private static QuerySpec parseInlineQuery(byte[] body) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON body");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("Request body must be a Query object");
        }
        List<ApiException.FieldError> missing = new ArrayList<>();
        for (String required : List.of("model", "view")) {
            if (!json.path(required).isTextual() || json.path(required).asText().isBlank()) {
                missing.add(new ApiException.FieldError(required, "missing", "This field is required."));
            }
        }
        List<String> fields = new ArrayList<>();
        json.path("fields").forEach(field -> fields.add(field.asText()));
        if (missing.isEmpty() && fields.isEmpty()) {
            missing.add(new ApiException.FieldError("fields", "missing",
                    "Must query at least one dimension or measure."));
        }
        if (!missing.isEmpty()) {
            throw ApiException.validationFailed(missing);
        }
        Map<String, String> filters = new LinkedHashMap<>();
        json.path("filters").properties()
                .forEach(f -> filters.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        List<String> sorts = new ArrayList<>();
        json.path("sorts").forEach(sort -> sorts.add(sort.asText()));
        JsonNode limit = json.path("limit");
        // Query.limit is a string in the spec, but clients send numbers too.
        String limitText = limit.isNull() || limit.isMissingNode() ? null : limit.asText();
        return new QuerySpec(null, json.get("model").asText(), json.get("view").asText(), fields, filters, sorts,
                limitText, null);
    }
}
