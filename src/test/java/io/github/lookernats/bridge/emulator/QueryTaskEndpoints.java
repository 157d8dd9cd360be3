package io.github.lookernats.bridge.emulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asynchronous runs of saved queries: {@code create_query_task}, {@code query_task}, {@code query_task_results} and
 * {@code kill_query}. A task answers {@code running} to a set number of status checks, then ends {@code complete}
 * (or with the outcome a test chose); its results answer 202 until then, as Looker's do.
 */
final class QueryTaskEndpoints {

    /** {@code CreateQueryTask.result_format} in the spec; the emulator renders json, json_detail and csv of them. */
    private static final Set<String> SPEC_FORMATS = Set.of("inline_json", "json", "json_detail", "json_fe", "json_bi",
            "csv", "html", "md", "txt", "xlsx", "gsxml", "sql", "odc");
    private static final Set<String> FINAL = Set.of("complete", "error", "killed", "expired");

    private static final class Task {
        final String id = UUID.randomUUID().toString().replace("-", "");
        final TheLook.SavedQuery query;
        final ResultFormat format;
        final String formatName;
        final QueryResult result;
        final String source;
        final String lookId;
        final String outcome;
        int checks;
        String status = "added";

        Task(TheLook.SavedQuery query, ResultFormat format, String formatName, QueryResult result, String source,
                String lookId, String outcome) {
            this.query = query;
            this.format = format;
            this.formatName = formatName;
            this.result = result;
            this.source = source;
            this.lookId = lookId;
            this.outcome = outcome;
        }
    }

    private final TheLook catalog;
    private final RunEndpoints runs;
    private final Representations representations;
    private final ResultStreamer streamer;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private volatile int runningChecks = 2;
    private volatile String nextOutcome;

    QueryTaskEndpoints(TheLook catalog, RunEndpoints runs, Representations representations, ResultStreamer streamer) {
        this.catalog = catalog;
        this.runs = runs;
        this.representations = representations;
        this.streamer = streamer;
    }

    void runningChecks(int checks) {
        this.runningChecks = checks;
    }

    void endNextTask(String status) {
        if (!Set.of("error", "killed", "expired").contains(status)) {
            throw new IllegalArgumentException("a task can end with error, killed or expired, not " + status);
        }
        this.nextOutcome = status;
    }

    void clear() {
        tasks.clear();
        runningChecks = 2;
        nextOutcome = null;
    }

    /** POST /query_tasks */
    void create(ApiCall call) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(call.readBody());
        } catch (IOException e) {
            throw ApiException.badRequest("Malformed JSON body");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("Request body must be a CreateQueryTask object");
        }
        List<ApiException.FieldError> problems = new ArrayList<>();
        String queryId = text(body, "query_id");
        String formatName = text(body, "result_format");
        if (queryId == null) {
            problems.add(new ApiException.FieldError("query_id", "missing", "This field is required."));
        }
        if (formatName == null) {
            problems.add(new ApiException.FieldError("result_format", "missing", "This field is required."));
        } else if (!SPEC_FORMATS.contains(formatName)) {
            problems.add(new ApiException.FieldError("result_format", "invalid", "Must be one of " + SPEC_FORMATS + "."));
        }
        if (!problems.isEmpty()) {
            throw ApiException.validationFailed(problems);
        }
        TheLook.SavedQuery query = catalog.query(queryId).orElseThrow(ApiException::notFound);
        ResultFormat format = ResultFormat.fromPath(formatName)
                .orElseThrow(() -> ApiException.badRequest("Unsupported result format"));
        String outcome = nextOutcome;
        nextOutcome = null;
        Task task = new Task(query, format, formatName, runs.savedQueryResult(query, call.queryParam("limit")),
                text(body, "source"), text(body, "look_id"), outcome == null ? "complete" : outcome);
        tasks.put(task.id, task);
        send(call, task);
    }

    /** GET /query_tasks/{query_task_id}: each check moves a task on; it ends after {@code runningChecks} of them. */
    void status(ApiCall call) throws IOException {
        Task task = task(call);
        synchronized (task) {
            if (!FINAL.contains(task.status)) {
                task.checks++;
                task.status = task.checks > runningChecks ? task.outcome : "running";
            }
        }
        send(call, task);
    }

    /** GET /query_tasks/{query_task_id}/results */
    void results(ApiCall call) throws IOException {
        Task task = task(call);
        String status;
        synchronized (task) {
            status = task.status;
        }
        switch (status) {
            case "complete" -> streamer.stream(call, task.format, task.result);
            case "expired", "killed" -> throw ApiException.notFound();
            case "error" -> sqlError(call, task);
            default -> call.sendBytes(202, "text/plain", "The query is not finished".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** DELETE /running_queries/{query_task_id} */
    void kill(ApiCall call) throws IOException {
        Task task = task(call);
        synchronized (task) {
            if (FINAL.contains(task.status)) {
                throw ApiException.notFound();
            }
            task.status = "killed";
        }
        call.sendNoContent();
    }

    /** A SQL error: json_detail answers 200 with {@code errors} and no data, other formats 400 (spec). */
    private static void sqlError(ApiCall call, Task task) throws IOException {
        String message = "Unknown column 'orders.statuz' in 'field list'";
        if (task.format == ResultFormat.JSON_DETAIL) {
            ObjectNode detail = Json.MAPPER.createObjectNode();
            detail.putArray("data");
            detail.putArray("errors").addObject().put("message", message).put("message_details", "SQL ERROR");
            call.sendJson(200, detail);
        } else {
            throw ApiException.badRequest(message);
        }
    }

    private Task task(ApiCall call) {
        Task task = tasks.get(call.pathParam("query_task_id"));
        if (task == null) {
            throw ApiException.notFound();
        }
        return task;
    }

    private void send(ApiCall call, Task task) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode();
        synchronized (task) {
            json.put("id", task.id);
            json.put("query_id", task.query.spec().id());
            json.set("query", representations.query(task.query.spec()));
            json.put("status", task.status);
            json.put("source", task.source);
            json.put("look_id", task.lookId);
            json.putNull("dashboard_id");
            json.put("result_format", task.formatName);
            json.put("cache", true);
            json.put("cache_key", "emulator-" + task.id);
            if ("complete".equals(task.status)) {
                json.put("runtime", 0.042);
                json.put("result_source", "query");
            } else {
                json.putNull("runtime");
                json.putNull("result_source");
            }
            json.putObject("can");
        }
        call.sendJson(200, Representations.onlyFields(json, call.queryParam("fields")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
