package io.github.lookernats.camel.looker;

import io.github.lookernats.camel.looker.LookerIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.looker.ResultFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one polling route asks Looker for: exactly one of a Look, a saved query or an inline query, plus the format,
 * the row limit and optional subject tokens. Built from the parameters of a {@code looker-poll} templated route.
 */
public record PollSpec(
        String lookId,
        String queryId,
        ObjectNode inlineQuery,
        ResultFormat format,
        long limit,
        String model,
        String explore,
        boolean async) {

    /** Exchange property holding the spec of the running poll. */
    public static final String PROPERTY = "bridgePollSpec";

    public static final String LOOK_ID = "lookId";
    public static final String QUERY_ID = "queryId";
    public static final String INLINE_QUERY = "inlineQuery";
    public static final String CRON = "cron";
    public static final String FORMAT = "format";
    public static final String LIMIT = "limit";
    public static final String MODEL = "model";
    public static final String EXPLORE = "explore";
    public static final String AUTO_STARTUP = "autoStartup";
    public static final String ASYNC = "async";

    /** Every parameter the {@code looker-poll} template understands. */
    public static final Set<String> PARAMETERS =
            Set.of(LOOK_ID, QUERY_ID, INLINE_QUERY, CRON, FORMAT, LIMIT, MODEL, EXPLORE, AUTO_STARTUP, ASYNC);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Validates template parameters and builds the spec.
     *
     * @throws IllegalArgumentException listing every problem found
     */
    public static PollSpec fromParameters(Map<String, ?> parameters, long defaultLimit) {
        return build(parameters, defaultLimit, true);
    }

    /** As {@link #fromParameters}, for a {@code looker} endpoint: {@code cron} is checked only when it is given. */
    public static PollSpec fromOptions(Map<String, ?> parameters, long defaultLimit) {
        return build(parameters, defaultLimit, false);
    }

    private static PollSpec build(Map<String, ?> parameters, long defaultLimit, boolean cronRequired) {
        List<String> problems = new ArrayList<>();
        String lookId = text(parameters, LOOK_ID);
        String queryId = text(parameters, QUERY_ID);
        String inline = text(parameters, INLINE_QUERY);
        long sources = java.util.stream.Stream.of(lookId, queryId, inline).filter(v -> v != null).count();
        if (sources != 1) {
            problems.add("set exactly one of lookId, queryId or inlineQuery (found " + sources + ")");
        }
        if (lookId != null && !LookerIds.isNumeric(lookId)) {
            problems.add("lookId must be a Look's id (digits), not '" + lookId + "'");
        }
        if (queryId != null && !LookerIds.isSlug(queryId)) {
            problems.add("queryId must be a query's id or slug (letters and digits), not '" + queryId + "'");
        }
        if (text(parameters, CRON) == null) {
            if (cronRequired) {
                problems.add("missing parameter 'cron' (a Quartz cron expression such as '0 0/5 * * * ?')");
            }
        } else if (!org.quartz.CronExpression.isValidExpression(text(parameters, CRON))) {
            problems.add("'cron' is not a valid Quartz cron expression: '" + text(parameters, CRON) + "'");
        }
        ResultFormat format = ResultFormat.JSON;
        if (text(parameters, FORMAT) != null) {
            try {
                format = ResultFormat.fromWireName(text(parameters, FORMAT));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        long limit = defaultLimit;
        if (text(parameters, LIMIT) != null) {
            try {
                limit = Long.parseLong(text(parameters, LIMIT));
                if (limit < -1 || limit == 0) {
                    problems.add("'limit' must be a positive number of rows or -1 for unlimited, not " + limit);
                }
            } catch (NumberFormatException e) {
                problems.add("'limit' must be a number, not '" + text(parameters, LIMIT) + "'");
            }
        }
        ObjectNode inlineQuery = inline == null ? null : parseInlineQuery(inline, problems);
        boolean async = false;
        String asyncText = text(parameters, ASYNC);
        if (asyncText != null && !asyncText.equals("true") && !asyncText.equals("false")) {
            problems.add("'async' must be true or false, not '" + asyncText + "'");
        } else if ("true".equals(asyncText)) {
            async = true;
            if (inline != null) {
                problems.add("'async' runs a saved query as a Looker query task: use it with lookId or queryId, not inlineQuery");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PollSpec(lookId, queryId, inlineQuery, format, limit, text(parameters, MODEL), text(parameters, EXPLORE), async);
    }

    /** Problems with parameter names the template does not know, usually a typo such as {@code lookid}. */
    public static List<String> unknownParameters(java.util.Collection<String> names) {
        String known = String.join(", ", PARAMETERS.stream().sorted().toList());
        return names.stream().filter(name -> !PARAMETERS.contains(name)).sorted()
                .map(name -> "unknown parameter '" + name + "' (known: " + known + ")").toList();
    }

    /**
     * The {@code looker} endpoint URI that runs this spec on the given schedule (null for none), every value
     * percent-encoded so that an inline query's JSON survives Camel's URI and placeholder parsing.
     */
    public String endpointUri(String cron) {
        StringBuilder uri = new StringBuilder("looker:");
        uri.append(lookId != null ? "look:" + lookId : queryId != null ? "query:" + queryId : "inline-query");
        java.util.Map<String, Object> options = new java.util.LinkedHashMap<>();
        options.put(CRON, cron);
        options.put("query", inlineQuery == null ? null : inlineQuery.toString());
        options.put(FORMAT, format == ResultFormat.JSON ? null : format.wireName());
        options.put(LIMIT, limit);
        options.put(MODEL, model);
        options.put(EXPLORE, explore);
        options.put(ASYNC, async ? true : null);
        char separator = '?';
        for (java.util.Map.Entry<String, Object> option : options.entrySet()) {
            if (option.getValue() != null) {
                uri.append(separator).append(option.getKey()).append('=').append(java.net.URLEncoder
                        .encode(option.getValue().toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
                separator = '&';
            }
        }
        return uri.toString();
    }

    /** What a dead letter records about a failed poll, so it can be run again. */
    public ObjectNode reference() {
        ObjectNode reference = MAPPER.createObjectNode();
        reference.put("kind", "poll");
        reference.put("lookId", lookId);
        reference.put("queryId", queryId);
        reference.set("inlineQuery", inlineQuery);
        reference.put("format", format.wireName());
        reference.put("limit", limit);
        reference.put("model", model);
        reference.put("explore", explore);
        reference.put("async", async);
        return reference;
    }

    /** The spec a dead letter's {@link #reference()} describes, to run it again. */
    public static PollSpec fromReference(JsonNode reference) {
        JsonNode inline = reference.path("inlineQuery");
        return new PollSpec(textOf(reference, LOOK_ID), textOf(reference, QUERY_ID),
                inline.isObject() ? (ObjectNode) inline : null,
                ResultFormat.fromWireName(reference.path(FORMAT).asText("json")),
                reference.path(LIMIT).asLong(-1), textOf(reference, MODEL), textOf(reference, EXPLORE),
                reference.path(ASYNC).asBoolean(false));
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** A short description for logs and dead letters, e.g. {@code look 42}. */
    public String describe() {
        if (lookId != null) {
            return "look " + lookId;
        }
        if (queryId != null) {
            return "query " + queryId;
        }
        return "inline query on " + inlineQuery.path("model").asText() + "/" + inlineQuery.path("view").asText();
    }

    private static ObjectNode parseInlineQuery(String json, List<String> problems) {
        try {
            JsonNode query = MAPPER.readTree(json);
            if (!(query instanceof ObjectNode object)) {
                problems.add("'inlineQuery' must be a JSON object");
                return null;
            }
            for (String required : List.of("model", "view")) {
                if (!object.hasNonNull(required) || object.get(required).asText().isBlank()) {
                    problems.add("'inlineQuery' needs '" + required + "'");
                }
            }
            return object;
        } catch (Exception e) {
            problems.add("'inlineQuery' is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private static String text(Map<String, ?> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
