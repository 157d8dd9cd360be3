package io.github.lookernats.camel.looker.client;

import io.github.lookernats.camel.looker.PollSpec;

import io.github.lookernats.camel.looker.LookerIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.looker.LookerRuns;
import io.github.lookernats.camel.run.RowSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The {@code looker} component's way to Looker: find out what a source is, then open its result as a row stream.
 */
public class PollRunner implements LookerRuns {

    private final LookerClient looker;
    private final QueryTasks queryTasks;
    private final ObjectMapper mapper;

    public PollRunner(LookerClient looker, QueryTasks queryTasks, ObjectMapper mapper) {
        this.looker = looker;
        this.queryTasks = queryTasks;
        this.mapper = mapper;
    }

    /** Reads the Look's or query's metadata: model, explore, title and owner. */
    @Override
    public LookerSource describe(PollSpec spec) {
        if (spec.lookId() != null) {
            JsonNode look = looker.getJson("/looks/" + LookerIds.numeric("lookId", spec.lookId()) + "?fields=id,title,user_id,query_id,query");
            JsonNode query = look.path("query");
            return new LookerSource("look", spec.lookId(), text(look, "query_id"), text(look, "title"),
                    text(look, "user_id"), text(query, "model"), text(query, "view"));
        }
        if (spec.queryId() != null) {
            JsonNode query = looker.getJson("/queries/" + LookerIds.slug("queryId", spec.queryId()) + "?fields=id,model,view");
            return new LookerSource("query", spec.queryId(), text(query, "id"), null, null,
                    text(query, "model"), text(query, "view"));
        }
        ObjectNode query = spec.inlineQuery();
        return new LookerSource("inline_query", shortHash(query.toString()), null, null, null,
                text(query, "model"), text(query, "view"));
    }

    /** Runs the source; the caller closes the rows. */
    @Override
    public RowSource open(PollSpec spec, LookerSource source) {
        String query = "?limit=" + spec.limit() + "&apply_formatting=false&apply_vis=false";
        String format = spec.format().wireName();
        InputStream body;
        if (spec.async()) {
            String queryId = source.queryId();
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
        try {
            return new ResultRowReader(body, spec.format(), mapper);
        } catch (RuntimeException e) {
            closeQuietly(body);
            throw e;
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (java.io.IOException ignored) {
            // the run fails with the reader's error; a second one from closing adds nothing
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** The id of an inline query: a short hash of its JSON. */
    public static String shortHash(String text) {
        return DigestUtils.sha256Hex(text).substring(0, 16);
    }
}
