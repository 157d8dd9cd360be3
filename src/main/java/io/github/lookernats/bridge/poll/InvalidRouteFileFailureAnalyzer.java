package io.github.lookernats.bridge.poll;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints route-file mistakes as a short start-up report instead of a stack trace. */
class InvalidRouteFileFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRouteFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRouteFileException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the route file(s) named above. A looker-poll route needs 'cron' and exactly one of lookId, "
                        + "queryId or inlineQuery; see README.md, 'Adding a Look'.",
                cause);
    }
}
