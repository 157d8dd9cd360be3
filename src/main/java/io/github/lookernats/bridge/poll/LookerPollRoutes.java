package io.github.lookernats.bridge.poll;

import static io.github.lookernats.camel.looker.PollSpec.*;

import io.github.lookernats.bridge.errors.ErrorHandlingConfiguration;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.camel.events.LookerEventsComponent;
import io.github.lookernats.camel.looker.PollSpec;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code looker-poll} route template of earlier route files, kept so that they go on working. Each entry becomes
 * the route a team would now write itself: {@code from: looker:...?cron=...} to {@code looker-events:publish}; the
 * log says which, once per entry, so that the file can be moved to the route form.
 */
@Component
public class LookerPollRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(LookerPollRoutes.class);

    public static final String TEMPLATE = "looker-poll";
    private static final String ENDPOINT = "lookerEndpoint";

    private final long defaultRowLimit;

    @Autowired
    public LookerPollRoutes(LookerProperties looker) {
        this(looker.defaultRowLimit());
    }

    /** With the row limit of entries that set none; {@link RouteLint} uses the default. */
    LookerPollRoutes(long defaultRowLimit) {
        this.defaultRowLimit = defaultRowLimit;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter(CRON, null, "Quartz cron expression, e.g. '0 0/5 * * * ?'")
                .templateOptionalParameter(LOOK_ID, "Look to run")
                .templateOptionalParameter(QUERY_ID, "Saved query (id or slug) to run")
                .templateOptionalParameter(INLINE_QUERY, "Inline query as JSON (model and view required)")
                .templateOptionalParameter(FORMAT, "json (default) or json_detail")
                .templateOptionalParameter(LIMIT, "Row limit; -1 for unlimited")
                .templateOptionalParameter(MODEL, "Subject token to use instead of the LookML model")
                .templateOptionalParameter(EXPLORE, "Subject token to use instead of the explore")
                .templateParameter(AUTO_STARTUP, "true", "Start polling with the application")
                .templateParameter(ASYNC, "false", "Run the saved query as a Looker query task (for long queries)")
                // the entry's endpoint, built from its parameters; a template cannot compute a URI of its own
                .templateBean(ENDPOINT, Endpoint.class, template -> {
                    PollSpec spec = PollSpec.fromParameters(template.getParameters(), defaultRowLimit);
                    String uri = spec.endpointUri(String.valueOf(template.getParameters().get(CRON)));
                    LOG.info("A looker-poll entry runs {}. It keeps working; written as a route, it is: from {} to {}, "
                            + "with routeConfigurationId {} (README.md, \"Adding a Look\")",
                            spec.describe(), uri, LookerEventsComponent.PUBLISH_URI, ErrorHandlingConfiguration.ID);
                    return template.getCamelContext().getEndpoint(uri);
                })
                .from("ref:{{" + ENDPOINT + "}}")
                .autoStartup("{{autoStartup}}")
                .routeConfigurationId(ErrorHandlingConfiguration.ID)
                .to(LookerEventsComponent.PUBLISH_URI);
    }
}
