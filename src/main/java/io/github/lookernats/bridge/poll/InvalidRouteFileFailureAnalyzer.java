package io.github.lookernats.bridge.poll;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints route-file mistakes as a short start-up report instead of a stack trace. */
class InvalidRouteFileFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRouteFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRouteFileException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the route file(s) named above. A looker-poll route needs 'cron' and exactly one of lookId, "
                        + "queryId or inlineQuery; see README.md, 'Adding a Look'. Route files may use only in-process "
                        + "endpoints (direct, seda, log, timer, quartz, scheduler), no beans and no scripts, unless an "
                        + "operator allows more with bridge.routes.allowed-schemes, bridge.routes.allow-beans or "
                        + "bridge.routes.allow-scripts; see docs/route-files.md.",
                cause);
    }
}
