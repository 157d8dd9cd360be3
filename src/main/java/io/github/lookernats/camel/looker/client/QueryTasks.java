package io.github.lookernats.camel.looker.client;

import io.github.lookernats.camel.looker.ResultFormat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
    /** The status recorded for a check that got no answer. */
    private static final String UNKNOWN = "unknown (the last check failed)";

    private final LookerClient looker;
    private final LookerApi.QueryTaskTiming settings;
    private final ObjectMapper mapper;
    private final BooleanSupplier shuttingDown;

    /**
     * @param shuttingDown true once the application stops: waiting ends at the next check, and the task is killed.
     * (Scheduler threads are not interrupted on shutdown, so a wait cannot rely on an interrupt.)
     */
    public QueryTasks(LookerClient looker, LookerApi.QueryTaskTiming settings, ObjectMapper mapper, BooleanSupplier shuttingDown) {
        this.looker = looker;
        this.settings = settings;
        this.mapper = mapper;
        this.shuttingDown = shuttingDown;
    }

    /**
     * Creates the task, waits for it and opens its results; the caller owns the stream. Whatever goes wrong while the
     * task may still be running, the task is killed, so a retried run never leaves a second query running in Looker.
     *
     * @throws LookerUnavailableException when the task or its results expired or are unknown, when Looker stopped
     * answering status checks, or when the application stops: retrying the run creates a new task
     * @throws QueryTaskTimeoutException when the task ran past the timeout (it is killed)
     * @throws LookerRequestException when Looker reports the query failed or was killed
     */
    public InputStream run(String queryId, String lookId, ResultFormat format, long limit) {
        stopIfShuttingDown("starting a query task for query " + queryId);
        ObjectNode request = mapper.createObjectNode()
                .put("query_id", queryId)
                .put("result_format", format.wireName())
                .put("source", SOURCE)
                .put("look_id", lookId);
        JsonNode task = looker.postJson("/query_tasks?limit=" + limit + "&apply_formatting=false&apply_vis=false&cache=true", request);
        Task running = new Task(task.path("id").asText(), queryId);
        try {
            return await(running, task.path("status").asText(""));
        } catch (RuntimeException e) {
            if (!running.ended) {
                kill(running.id);
            }
            throw e;
        }
    }

    /** One task being waited for; {@code ended} once Looker no longer runs it (finished, failed, killed, expired). */
    private static final class Task {
        final String id;
        final String queryId;
        final String path;
        boolean ended;

        Task(String id, String queryId) {
            this.id = id;
            this.queryId = queryId;
            this.path = "/query_tasks/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Looker query task " + id + " for query " + queryId;
        }
    }

    private InputStream await(Task task, String firstStatus) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Duration wait = settings.firstCheck();
        boolean expiredOnce = false;
        String status = firstStatus;
        while (true) {
            switch (status) {
                case "complete" -> {
                    task.ended = true;
                    Optional<InputStream> results = results(task);
                    if (results.isPresent()) {
                        return results.get();
                    }
                }
                case "error" -> {
                    task.ended = true;
                    throw new LookerRequestException(200, task + " failed: " + failureMessage(task));
                }
                case "killed" -> {
                    task.ended = true;
                    throw new LookerRequestException(200, task + " was killed in Looker");
                }
                case "expired" -> {
                    // Looker sometimes says expired just before a task completes: look once more before giving up
                    if (expiredOnce) {
                        task.ended = true;
                        throw new LookerUnavailableException(0, task + " expired before its results were read", null, null);
                    }
                    expiredOnce = true;
                }
                default -> {
                    // added, pending, running, or unknown after a failed check: not there yet
                }
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw pastDeadline(task, status);
            }
            pause(wait.compareTo(left) < 0 ? wait : left);
            stopIfShuttingDown("waiting for " + task);
            wait = wait.multipliedBy(2).compareTo(settings.maxCheckInterval()) > 0 ? settings.maxCheckInterval() : wait.multipliedBy(2);
            status = check(task);
        }
    }

    /**
     * Past the deadline the task is killed. A task seen running is a slow query: dead-lettered, not retried. A task
     * whose checks went unanswered says nothing about the query: Looker was unavailable, and the run is retried.
     */
    private RuntimeException pastDeadline(Task task, String status) {
        kill(task.id);
        task.ended = true;
        if (UNKNOWN.equals(status)) {
            return new LookerUnavailableException(0, "Looker did not answer the status checks of " + task + " within "
                    + settings.timeout() + "; it was killed", null, null);
        }
        return new QueryTaskTimeoutException(task + " did not complete within " + settings.timeout()
                + " (last status '" + status + "'); it was killed");
    }

    /**
     * The task's status now. A check that fails for a passing reason (429, 5xx, a dropped connection) only costs
     * this check: the task goes on running in Looker, and retrying the whole run would start a second one.
     */
    private String check(Task task) {
        try {
            return looker.getJson(task.path + "?fields=id,status").path("status").asText("");
        } catch (LookerUnavailableException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            LOG.warn("Checking {} failed, checking again later: {}", task, e.getMessage());
            return UNKNOWN;
        } catch (LookerRequestException e) {
            if (e.status() == 404) {
                task.ended = true;
                // no cause: Camel's error handler matches the innermost exception, which would make this not retried
                throw new LookerUnavailableException(404, task + " is no longer known to Looker (" + e.getMessage()
                        + "); a new task will run", null, null);
            }
            throw e;
        }
    }

    private Optional<InputStream> results(Task task) {
        try {
            return looker.openFinishedResult(task.path + "/results");
        } catch (LookerRequestException e) {
            if (e.status() == 404) {
                // the spec's 404: the task is unknown or its cached results have expired; a new task will run
                // (no cause, for the same reason as in check)
                throw new LookerUnavailableException(404, "The results of " + task + " have expired (" + e.getMessage() + ")",
                        null, null);
            }
            throw e;
        }
    }

    /**
     * Looker's own words on a failed task, from its results: a 400 for most formats, {@code errors} in a json_detail
     * body, or a {@code looker_error} row in a json body. Never streamed as data.
     */
    private String failureMessage(Task task) {
        Optional<InputStream> results;
        try {
            results = looker.openFinishedResult(task.path + "/results");
        } catch (LookerApiException e) {
            return e.getMessage();
        }
        if (results.isEmpty()) {
            return "(Looker gave no details)";
        }
        try (InputStream body = results.get()) {
            return LookerErrors.queryError(body.readNBytes(8 * 1024));
        } catch (java.io.IOException e) {
            return "(reading Looker's details failed: " + e.getMessage() + ")";
        }
    }

    private void pause(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookerUnavailableException(0, "Stopped waiting for a Looker query task (interrupted)", null, e);
        }
    }

    private void stopIfShuttingDown(String doing) {
        if (shuttingDown.getAsBoolean()) {
            throw new LookerUnavailableException(0, "Stopped " + doing + ": the bridge is shutting down", null, null);
        }
    }

    /** Best effort: the run fails either way, and an unkilled task only costs Looker some work. */
    private void kill(String id) {
        // an interrupted thread cannot make the call: clear the flag for it and set it again afterwards
        boolean interrupted = Thread.interrupted();
        try {
            looker.delete("/running_queries/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            LOG.info("Killed Looker query task {}", id);
        } catch (LookerApiException e) {
            LOG.warn("Could not kill Looker query task {}: {}", id, e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
