package io.github.lookernats.bridge.poll;

import io.github.lookernats.bridge.looker.LookerIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.bridge.events.LookerSource;
import io.github.lookernats.bridge.events.ResultRun;
import io.github.lookernats.bridge.looker.LookerClient;
import io.github.lookernats.bridge.looker.LookerRequestException;
import io.github.lookernats.bridge.looker.QueryTasks;
import io.github.lookernats.bridge.looker.ResultRowReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.commons.codec.digest.DigestUtils;

/** The Looker side of a polling run: find out what the source is, then open its result as a row stream. */
public class PollRunner {

    private final LookerClient looker;
    private final QueryTasks queryTasks;
    private final ObjectMapper mapper;

    public PollRunner(LookerClient looker, QueryTasks queryTasks, ObjectMapper mapper) {
        this.looker = looker;
        this.queryTasks = queryTasks;
        this.mapper = mapper;
    }

    /** Reads the Look's or query's metadata: model, explore, title and owner. */
    public void describe(Exchange exchange) {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        PollSpec spec = exchange.getProperty(PollSpec.PROPERTY, PollSpec.class);
        LookerSource source;
        if (spec.lookId() != null) {
            JsonNode look = looker.getJson("/looks/" + LookerIds.numeric("lookId", spec.lookId()) + "?fields=id,title,user_id,query_id,query");
            JsonNode query = look.path("query");
            source = new LookerSource("look", spec.lookId(), text(look, "query_id"), text(look, "title"),
                    text(look, "user_id"), text(query, "model"), text(query, "view"));
        } else if (spec.queryId() != null) {
            JsonNode query = looker.getJson("/queries/" + LookerIds.slug("queryId", spec.queryId()) + "?fields=id,model,view");
            source = new LookerSource("query", spec.queryId(), text(query, "id"), null, null,
                    text(query, "model"), text(query, "view"));
        } else {
            ObjectNode query = spec.inlineQuery();
            source = new LookerSource("inline_query", shortHash(query.toString()), null, null, null,
                    text(query, "model"), text(query, "view"));
        }
        run.source(withOverrides(source, spec));
    }

    /** Runs the source and attaches its streaming rows to the run; they are closed when the exchange ends. */
    public void open(Exchange exchange) {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        PollSpec spec = exchange.getProperty(PollSpec.PROPERTY, PollSpec.class);
        String query = "?limit=" + spec.limit() + "&apply_formatting=false&apply_vis=false";
        String format = spec.format().wireName();
        InputStream body;
        if (spec.async()) {
            String queryId = run.source().queryId();
            if (queryId == null) {
                throw new LookerRequestException(200, "Looker did not name the query behind " + spec.describe()
                        + ", so it cannot run as a query task");
            }
            body = queryTasks.run(queryId, spec.lookId(), spec.format(), spec.limit());
        } else if (spec.lookId() != null) {
            body = looker.openResult("GET", "/looks/" + LookerIds.numeric("lookId", spec.lookId()) + "/run/" + format + query, null);
        } else if (spec.queryId() != null) {
            body = looker.openResult("GET", "/queries/" + LookerIds.slug("queryId", spec.queryId()) + "/run/" + format + query, null);
        } else {
            ObjectNode inline = spec.inlineQuery().deepCopy();
            inline.put("limit", Long.toString(spec.limit()));
            body = looker.openResult("POST", "/queries/run/" + format + query, inline.toString().getBytes(StandardCharsets.UTF_8));
        }
        ResultRowReader reader;
        try {
            reader = new ResultRowReader(body, spec.format(), mapper);
        } catch (RuntimeException e) {
            closeQuietly(body);
            throw e;
        }
        run.rows(format, reader);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                reader.close();
            }
        });
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (java.io.IOException ignored) {
            // the run fails with the reader's error; a second one from closing adds nothing
        }
    }

    private static LookerSource withOverrides(LookerSource source, PollSpec spec) {
        return new LookerSource(source.kind(), source.id(), source.queryId(), source.title(), source.ownerId(),
                spec.model() != null ? spec.model() : source.model(),
                spec.explore() != null ? spec.explore() : source.explore());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    static String shortHash(String text) {
        return DigestUtils.sha256Hex(text).substring(0, 16);
    }
}
