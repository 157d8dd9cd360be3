package io.github.lookernats.bridge.poll;

import static io.github.lookernats.bridge.poll.PollSpec.*;

import io.github.lookernats.bridge.deadletter.ErrorHandlingConfiguration;
import io.github.lookernats.bridge.events.EventRoutes;
import io.github.lookernats.bridge.events.ResultRun;
import io.github.lookernats.bridge.looker.LookerClient;
import io.github.lookernats.bridge.looker.QueryTasks;
import io.github.lookernats.bridge.looker.LookerProperties;
import tools.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code looker-poll} route template that teams instantiate from {@code routes/*.camel.yaml}, and the shared
 * route every poll runs through: describe the source, open its result, hand it to the event pipeline.
 */
@Component
public class LookerPollRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(LookerPollRoutes.class);

    public static final String TEMPLATE = "looker-poll";
    public static final String RUN = "direct:looker-poll-run";

    private final LookerProperties looker;
    private final PollRunner runner;

    public LookerPollRoutes(LookerProperties looker, LookerClient client, ObjectMapper mapper) {
        this.looker = looker;
        // waiting query tasks end at Camel's shutdown: scheduler threads are not interrupted, so they must ask
        QueryTasks queryTasks = new QueryTasks(client, looker.queryTask(), mapper,
                () -> getCamelContext() != null && (getCamelContext().isStopping() || getCamelContext().isStopped()));
        this.runner = new PollRunner(client, queryTasks, mapper);
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
                .templateBean("pollStarter", Processor.class, context ->
                        new PollStarter(PollSpec.fromParameters(context.getParameters(), looker.defaultRowLimit())))
                // the local bean's generated id is unique per route, so it also names the route's Quartz job
                .from("quartz:looker-poll/{{pollStarter}}?cron={{cron}}&stateful=true")
                .autoStartup("{{autoStartup}}")
                .routeConfigurationId(ErrorHandlingConfiguration.ID)
                .process("{{pollStarter}}")
                .to(RUN);

        from(RUN).routeId("looker-poll-run").routeConfigurationId(ErrorHandlingConfiguration.ID)
                .bean(runner, "describe")
                .bean(runner, "open")
                .to(EventRoutes.PUBLISH_RESULT)
                .process(LookerPollRoutes::logPublished);
    }

    private static void logPublished(Exchange exchange) {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        LOG.info("Published a run of {}: {} rows and the summary", run.routeId(), run.rows().rowCount());
    }
}
