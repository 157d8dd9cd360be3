package io.github.lookernats.camel.looker.client;

/**
 * A Looker query task ran past {@code bridge.looker.query-task.timeout} and was killed. Not retried: a query that
 * ran out of time once will most likely do so again, and each retry would hold a scheduler thread for the whole
 * timeout. The run is dead-lettered; replay it after raising the timeout or fixing the query.
 */
public class QueryTaskTimeoutException extends LookerRequestException {

    public QueryTaskTimeoutException(String message) {
        super(0, message);
    }
}
