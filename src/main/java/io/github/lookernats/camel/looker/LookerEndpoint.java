package io.github.lookernats.camel.looker;

import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.ResultRun;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Runs one Looker source: a Look, a saved query or an inline query, on a cron schedule (consumer) or whenever an
 * exchange arrives (producer). The exchange then carries the run, whose rows stream from Looker, for
 * looker-events:publish.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "looker", title = "Looker", syntax = "looker:kind:id",
        category = { Category.API, Category.CLOUD })
public class LookerEndpoint extends DefaultEndpoint {

    @UriPath(enums = "look,query,inline-query", description = "What to run: a Look, a saved query, or the inline query of the query option")
    @Metadata(required = true)
    private String kind;
    @UriPath(description = "The Look's id, or the saved query's id or slug; none for inline-query")
    private String id;
    @UriParam(label = "consumer", description = "Quartz cron expression of the schedule: seconds, minutes, hours, day of month, month, day of week (required to consume)")
    private String cron;
    @UriParam(description = "The inline query as JSON, with model and view (inline-query only)")
    private String query;
    @UriParam(defaultValue = "json", enums = "json,json_detail", description = "Looker's result format")
    private String format = "json";
    @UriParam(description = "Row limit; -1 for unlimited; unset, the component's defaultRowLimit")
    private Long limit;
    @UriParam(description = "Subject token used instead of the LookML model")
    private String model;
    @UriParam(description = "Subject token used instead of the explore")
    private String explore;
    @UriParam(defaultValue = "false", description = "Run as a Looker query task, so no HTTP request waits on a long query (look and query only)")
    private boolean async;

    private volatile PollSpec spec;

    public LookerEndpoint(String uri, LookerComponent component) {
        super(uri, component);
    }

    @Override
    public LookerComponent getComponent() {
        return (LookerComponent) super.getComponent();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        spec = spec();
        if (cron != null) {
            // created with the route, so that Camel Quartz starts its scheduler with the context
            getCamelContext().getComponent("quartz", true, true);
        }
    }

    @Override
    public Producer createProducer() {
        return new LookerProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException(getEndpointUri() + ": a looker consumer runs on a schedule; set cron, "
                    + "for example cron=0 0/5 * * * ?");
        }
        LookerConsumer consumer = new LookerConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** What this endpoint runs; every mistake in its options is named at once. */
    public PollSpec spec() {
        PollSpec built = spec;
        if (built != null) {
            return built;
        }
        Map<String, Object> options = new HashMap<>();
        switch (kind == null ? "" : kind) {
            case "look" -> options.put(PollSpec.LOOK_ID, id);
            case "query" -> options.put(PollSpec.QUERY_ID, id);
            case "inline-query" -> {
                if (id != null && !id.isBlank()) {
                    throw invalid("inline-query takes its query from the query option, not the path ('" + id + "')");
                }
                options.put(PollSpec.INLINE_QUERY, query);
            }
            default -> throw invalid("the kind is look, query or inline-query, not '" + kind + "'");
        }
        if (query != null && !"inline-query".equals(kind)) {
            throw invalid("the query option is for inline-query only");
        }
        options.put(PollSpec.CRON, cron);
        options.put(PollSpec.FORMAT, format);
        options.put(PollSpec.LIMIT, limit);
        options.put(PollSpec.MODEL, model);
        options.put(PollSpec.EXPLORE, explore);
        options.put(PollSpec.ASYNC, async);
        try {
            return PollSpec.fromOptions(options, getComponent().getDefaultRowLimit());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("Invalid endpoint " + getEndpointUri() + ": " + problem);
    }

    /** A new run of this endpoint for the route; Looker is called once its rows are first asked for. */
    public ResultRun newRun(String routeId) {
        return new ResultRun(routeId, spec().reference()).opener(this::open);
    }

    /** Puts the run on the exchange (property and body), and closes its rows when the exchange completes. */
    static void carry(Exchange exchange, ResultRun run) {
        exchange.setProperty(ResultRun.PROPERTY, run);
        exchange.getMessage().setBody(run);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                run.closeRows();
            }
        });
    }

    /** Describes the source, then starts its result: the run's source and rows are set, or nothing is. */
    private void open(ResultRun run) {
        LookerRuns runs = getComponent().getRuns();
        if (runs == null) {
            throw new IllegalStateException("the looker component has no LookerRuns: register one in the registry "
                    + "(the bridge application does) or set it on the component");
        }
        PollSpec current = spec();
        LookerSource described = runs.describe(current);
        LookerSource source = new LookerSource(described.kind(), described.id(), described.queryId(), described.title(),
                described.ownerId(), current.model() != null ? current.model() : described.model(),
                current.explore() != null ? current.explore() : described.explore());
        run.source(source);
        run.rows(current.format().wireName(), runs.open(current, source));
    }

    /** An option left empty (a Kamelet's optional property that was not given) is an option not set. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = blankToNull(cron);
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = blankToNull(query);
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public Long getLimit() {
        return limit;
    }

    public void setLimit(Long limit) {
        this.limit = limit;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = blankToNull(model);
    }

    public String getExplore() {
        return explore;
    }

    public void setExplore(String explore) {
        this.explore = blankToNull(explore);
    }

    public boolean isAsync() {
        return async;
    }

    public void setAsync(boolean async) {
        this.async = async;
    }
}
