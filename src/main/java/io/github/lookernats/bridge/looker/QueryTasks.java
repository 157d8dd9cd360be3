package io.github.lookernats.bridge.looker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a saved query as a Looker query task ({@code POST /query_tasks}), waits for it with backing-off status checks,
 * and opens its results as a stream. For queries that run longer than proxies keep an idle connection open (often
 * 60 s): nothing waits on one long request. The wait is a loop of its own because it is not a retry (Camel's
 * redelivery retries failed runs); it follows Looker's advice: checks from 0.5 s rising to 5 s, a deadline, and
 * a kill ({@code DELETE /running_queries/{id}}) when the deadline passes.
 */
public class QueryTasks {

    private static final Logger LOG = LoggerFactory.getLogger(QueryTasks.class);
    /** Names the bridge in Looker's query history (System Activity). */
    private static final String SOURCE = "looker-nats-bridge";

    private final LookerClient looker;
    private final LookerProperties.QueryTask settings;
    private final ObjectMapper mapper;

    public QueryTasks(LookerClient looker, LookerProperties.QueryTask settings, ObjectMapper mapper) {
        this.looker = looker;
        this.settings = settings;
        this.mapper = mapper;
    }

    /**
     * Creates the task, waits for it and opens its results; the caller owns the stream.
     *
     * @throws LookerUnavailableException when the task ran past the deadline (it is killed) or its results expired:
     * retrying the run creates a new task
     * @throws LookerRequestException when Looker reports the query failed or was killed
     */
    public InputStream run(String queryId, String lookId, ResultFormat format, long limit) {
        ObjectNode request = mapper.createObjectNode()
                .put("query_id", queryId)
                .put("result_format", format.wireName())
                .put("source", SOURCE)
                .put("look_id", lookId);
        JsonNode task = looker.postJson("/query_tasks?limit=" + limit + "&apply_formatting=false&apply_vis=false&cache=true", request);
        String id = task.path("id").asText();
        String path = "/query_tasks/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plus(settings.timeout());
        Duration wait = settings.firstCheck();
        boolean expiredOnce = false;
        while (true) {
            String status = task.path("status").asText("");
            switch (status) {
                case "complete" -> {
                    Optional<InputStream> results = results(id, path);
                    if (results.isPresent()) {
                        return results.get();
                    }
                }
                case "error" -> {
                    // the results carry Looker's message: a 400 for most formats, "errors" in a json_detail body
                    Optional<InputStream> results = results(id, path);
                    if (results.isPresent()) {
                        return results.get();
                    }
                    throw new LookerRequestException(200, "Looker query task " + id + " for query " + queryId + " failed");
                }
                case "killed" -> throw new LookerRequestException(200, "Looker query task " + id + " for query " + queryId
                        + " was killed in Looker");
                case "expired" -> {
                    // Looker sometimes says expired just before a task completes: look once more before giving up
                    if (expiredOnce) {
                        throw new LookerUnavailableException(0, "Looker query task " + id + " expired before its results were read",
                                null, null);
                    }
                    expiredOnce = true;
                }
                default -> {
                    // added, pending, running: not there yet
                }
            }
            if (Instant.now().plus(wait).isAfter(deadline)) {
                kill(id);
                throw new LookerUnavailableException(0, "Looker query task " + id + " for query " + queryId
                        + " did not complete within " + settings.timeout() + " (last status '" + status + "'); it was killed", null, null);
            }
            pause(wait, id);
            wait = wait.multipliedBy(2).compareTo(settings.maxCheckInterval()) > 0 ? settings.maxCheckInterval() : wait.multipliedBy(2);
            task = looker.getJson(path + "?fields=id,status");
        }
    }

    private Optional<InputStream> results(String id, String path) {
        try {
            return looker.openFinishedResult(path + "/results");
        } catch (LookerRequestException e) {
            if (e.status() == 404) {
                // the spec's 404: the task is unknown or its cached results have expired; a new task will run
                throw new LookerUnavailableException(404, "The results of Looker query task " + id + " have expired: " + e.getMessage(),
                        null, e);
            }
            throw e;
        }
    }

    private void pause(Duration wait, String id) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            kill(id);
            Thread.currentThread().interrupt();
            throw new LookerUnavailableException(0, "Stopped waiting for Looker query task " + id + " (shutting down)", null, e);
        }
    }

    /** Best effort: the run fails either way, and an unkilled task only costs Looker some work. */
    private void kill(String id) {
        try {
            looker.delete("/running_queries/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            LOG.info("Killed Looker query task {}", id);
        } catch (LookerApiException e) {
            LOG.warn("Could not kill Looker query task {}: {}", id, e.getMessage());
        }
    }
}
