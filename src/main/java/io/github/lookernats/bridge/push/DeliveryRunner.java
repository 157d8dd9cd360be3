package io.github.lookernats.bridge.push;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.bridge.looker.CsvRowSource;
import io.github.lookernats.camel.looker.LookerIds;
import io.github.lookernats.camel.looker.client.Utf8Check;
import io.github.lookernats.camel.looker.ResultFormat;
import io.github.lookernats.camel.looker.client.ResultRowReader;
import io.github.lookernats.camel.run.RowSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Turns a pushed delivery (Looker's DataWebhookPayload) into a {@link ResultRun}: where its rows are (attachment,
 * inline JSON, a cell, or a streaming download URL), in which format, and which subjects it goes to.
 */
public class DeliveryRunner {

    /** The action form's one field: a {@code model.explore} pair from the action's configuration. */
    static final String FORM_SUBJECT = "subject";

    /** Looker's envelopes nest a handful of levels; a deeper body is not a delivery. */
    static final int MAX_NESTING = 64;

    private final ObjectMapper mapper;
    private final PushProperties properties;
    private final DownloadClient downloads;

    /** Reads request bodies with Jackson's limits set to agree with {@code max-body-size}. */
    private final ObjectMapper bodyMapper;

    public DeliveryRunner(ObjectMapper mapper, PushProperties properties, DownloadClient downloads) {
        this.mapper = mapper;
        long maxBody = properties.effectiveMaxBodySize();
        this.bodyMapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxBody)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE - 8, maxBody))
                        .maxNestingDepth(MAX_NESTING)
                        .build()).build())
                // rows inline in the envelope keep every digit (a double would round 9007199254740993 and turn
                // 1E+400 into Infinity), and trailing zeros stay (1.50 is not 1.5 to a consumer that shows it)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
        this.properties = properties;
        this.downloads = downloads;
    }

    public void prepare(Exchange exchange) {
        DeliveryRequest request = exchange.getProperty(DeliveryRequest.PROPERTY, DeliveryRequest.class);
        JsonNode envelope = parse(request, exchange);
        PushProperties.Action action = request.action();
        String type = text(envelope.path("type"));
        if (action != null && type != null && !action.supportedActionTypes().contains(type)) {
            throw DeliveryRejectedException.unsupported("action '" + action.name() + "' does not support deliveries of type '"
                    + type + "' (supported: " + String.join(", ", action.supportedActionTypes()) + ")");
        }
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        run.source(source(envelope, request));
        Rows rows = rows(envelope, type);
        if (action != null && !action.supportedFormats().contains(rows.format()) && !"download".equals(rows.origin())) {
            rows.source().close();
            throw DeliveryRejectedException.unsupported("action '" + action.name() + "' does not accept format '"
                    + rows.format() + "' (supported: " + String.join(", ", action.supportedFormats()) + ")");
        }
        run.rows(rows.format(), rows.source());
        exchange.setProperty(DeliveryRoutes.PUBLISH_URI, properties.publishUri(request.routeId()));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                rows.source().close();
            }
        });
    }

    /** The run of a delivery, its input recording what a dead letter needs to say where it came from. */
    public ResultRun newRun(DeliveryRequest request) {
        ObjectNode input = mapper.createObjectNode();
        input.put("kind", "delivery");
        input.put("webhookId", request.webhookId());
        input.put("action", request.action() == null ? null : request.action().name());
        return new ResultRun(request.routeId(), input);
    }

    /** Parses the body, and records it as the run's input so a dead letter keeps the delivery. */
    private JsonNode parse(DeliveryRequest request, Exchange exchange) {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        if (run == null) { // the controller makes it, to observe the whole delivery
            run = newRun(request);
            exchange.setProperty(ResultRun.PROPERTY, run);
        }
        ObjectNode input = (ObjectNode) run.input();
        try {
            Utf8Check.check(request.body());
        } catch (Utf8Check.MalformedUtf8Exception e) {
            // kept byte for byte: as text, the bytes that are not UTF-8 would change
            input.put("bodyBase64", Base64.getEncoder().encodeToString(request.body()));
            throw DeliveryRejectedException.malformed("the body is " + e.getMessage());
        }
        JsonNode envelope;
        try {
            envelope = bodyMapper.readTree(request.body());
        } catch (JacksonException e) {
            input.put("body", new String(request.body(), StandardCharsets.UTF_8));
            throw DeliveryRejectedException.malformed("the body is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (envelope == null || !envelope.isObject()) {
            input.put("body", new String(request.body(), StandardCharsets.UTF_8));
            throw DeliveryRejectedException.malformed("the body must be a JSON object (Looker's delivery envelope)");
        }
        input.set("delivery", StoredDelivery.of(envelope, input));
        return envelope;
    }

    private LookerSource source(JsonNode envelope, DeliveryRequest request) {
        JsonNode plan = envelope.path("scheduled_plan");
        JsonNode query = plan.path("query");
        String title = text(plan.path("title"));
        JsonNode form = envelope.path("form_params");
        PushProperties.Action action = request.action();
        PushProperties.Subject dashboard = title == null ? null : properties.dashboards().get(title);

        PushProperties.Subject chosen = action == null ? null : chosenSubject(form, action);
        String model = first(chosen == null ? null : chosen.model(), text(query.path("model")),
                action == null ? null : action.model(), dashboard == null ? null : dashboard.model(), properties.fallbackModel());
        String explore = first(chosen == null ? null : chosen.explore(), text(query.path("view")),
                action == null ? null : action.explore(), dashboard == null ? null : dashboard.explore(),
                title, "delivery");
        String planId = pushedId("scheduled_plan.scheduled_plan_id", text(plan.path("scheduled_plan_id")), true);
        pushedId("scheduled_plan.query_id", text(plan.path("query_id")), false);
        String kind = planId != null ? "scheduled_plan" : "action";
        String id = planId != null ? planId : action != null ? action.name() : "webhook";
        return new LookerSource(kind, id, text(plan.path("query_id")), title, null, model, explore);
    }

    private Rows rows(JsonNode envelope, String type) {
        JsonNode attachment = envelope.path("attachment");
        if (attachment.isObject() && attachment.hasNonNull("data")) {
            return attachmentRows(attachment);
        }
        JsonNode data = envelope.path("data");
        if (data.isArray()) {
            return new Rows("inline_json", "inline", ResultRowReader.fromTree(data, ResultFormat.JSON, mapper));
        }
        if ("cell".equals(type) && data.isObject()) {
            ArrayNode single = mapper.createArrayNode().add(data);
            return new Rows("json", "cell", ResultRowReader.fromTree(single, ResultFormat.JSON, mapper));
        }
        String downloadUrl = text(envelope.path("scheduled_plan").path("download_url"));
        if (downloadUrl != null) {
            return streamed(downloads.open(downloadUrl));
        }
        throw DeliveryRejectedException.unsupported("the delivery carries no data: no attachment, no inline rows, "
                + "no cell value and no scheduled_plan.download_url");
    }

    private Rows attachmentRows(JsonNode attachment) {
        String mimetype = text(attachment.path("mimetype"));
        String extension = text(attachment.path("extension"));
        String kind = (mimetype == null ? "" : mimetype.toLowerCase(Locale.ROOT)) + "|" + (extension == null ? "" : extension.toLowerCase(Locale.ROOT));
        JsonNode data = attachment.get("data");
        if (!data.isString() && !(kind.contains("json") && data.isContainer())) {
            throw DeliveryRejectedException.malformed("attachment.data must be " + (kind.contains("json")
                    ? "a JSON text, an array of rows or a json_detail object" : "a string") + ", not " + data.getNodeType());
        }
        if (data.isString() && data.asString().isBlank()) {
            throw DeliveryRejectedException.malformed("attachment.data is empty: the delivery holds no result");
        }
        if (kind.contains("json")) {
            if (data.isContainer()) {
                // inline_json: the result is inline instead of a string
                ResultFormat format = data.isArray() ? ResultFormat.JSON : ResultFormat.JSON_DETAIL;
                return new Rows("inline_json", "attachment", ResultRowReader.fromTree(data, format, mapper));
            }
            byte[] json = data.asText().getBytes(StandardCharsets.UTF_8);
            ResultFormat format = firstByte(json) == '[' ? ResultFormat.JSON : ResultFormat.JSON_DETAIL;
            return new Rows(format.wireName(), "attachment", new ResultRowReader(new ByteArrayInputStream(json), format, mapper));
        }
        if (kind.contains("csv") && !kind.contains("zip")) {
            return new Rows("csv", "attachment", new CsvRowSource(
                    java.util.List.of(new CsvRowSource.Part(null, new StringReader(data.asText()))).iterator(), mapper, properties.limits().csv()));
        }
        if (kind.contains("zip")) {
            byte[] ascii = data.asText().getBytes(StandardCharsets.US_ASCII);
            // MIME decoder: Looker's base64 may be split into lines
            ZipLimits.check(Base64.getMimeDecoder().wrap(new ByteArrayInputStream(ascii)), properties.limits());
            InputStream zip = Base64.getMimeDecoder().wrap(new ByteArrayInputStream(ascii));
            return new Rows("csv_zip", "attachment", new CsvRowSource(csvEntries(new ZipInputStream(zip)), mapper, properties.limits().csv()));
        }
        throw DeliveryRejectedException.unsupported("attachment format " + mimetype + " (." + extension + ") is not supported; "
                + "send json, json_detail, inline_json, csv or csv_zip");
    }

    /** A download is sniffed: '[' is json, '{' json_detail, anything else csv. */
    private Rows streamed(InputStream body) {
        PushbackInputStream in = new PushbackInputStream(Utf8Check.checking(body), 1);
        try {
            int first;
            do {
                first = in.read();
            } while (first == ' ' || first == '\n' || first == '\r' || first == '\t');
            if (first < 0) {
                throw DeliveryRejectedException.malformed("download_url answered an empty body: no result, not even a header");
            }
            in.unread(first);
            if (first == '[' || first == '{') {
                ResultFormat format = first == '[' ? ResultFormat.JSON : ResultFormat.JSON_DETAIL;
                return new Rows(format.wireName(), "download", new ResultRowReader(in, format, mapper));
            }
            return new Rows("csv", "download", new CsvRowSource(
                    java.util.List.of(new CsvRowSource.Part(null, new InputStreamReader(in, StandardCharsets.UTF_8))).iterator(), mapper, properties.limits().csv()));
        } catch (IOException e) {
            throw new DownloadClient.DownloadFailedException("Reading download_url failed: " + e, e);
        }
    }

    /** The CSV files of a dashboard zip, one per tile, read lazily from the stream. */
    private static Iterator<CsvRowSource.Part> csvEntries(ZipInputStream zip) {
        return new Iterator<>() {
            private ZipEntry next = advance();

            private ZipEntry advance() {
                try {
                    ZipEntry entry;
                    while ((entry = zip.getNextEntry()) != null) {
                        if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                            return entry;
                        }
                    }
                    zip.close();
                    return null;
                } catch (IOException e) {
                    throw DeliveryRejectedException.malformed("the csv_zip attachment is not a readable zip: " + e.getMessage());
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public CsvRowSource.Part next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String name = next.getName();
                // the CSV reader must not close the zip stream: the next tile follows in it
                CsvRowSource.Part part = new CsvRowSource.Part(name, new InputStreamReader(nonClosing(zip), StandardCharsets.UTF_8));
                next = null;
                return new CsvRowSource.Part(part.name(), new java.io.FilterReader(part.text()) {
                    @Override
                    public void close() {
                        next = advance();
                    }
                });
            }
        };
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the enclosing zip stream stays open
            }
        };
    }

    private static int firstByte(byte[] json) {
        for (byte b : json) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }

    /**
     * The subject pair picked in the action's form, if any: only one of the pairs the action's configuration
     * offers. The webhook has no form; form values there are not read.
     */
    private static PushProperties.Subject chosenSubject(JsonNode form, PushProperties.Action action) {
        for (String free : new String[] {"model", "explore"}) {
            if (text(form.path(free)) != null) {
                throw DeliveryRejectedException.unsupported("the form field '" + free + "' is not accepted: subjects can only "
                        + "be chosen among the action's configured pairs (bridge.push.action-hub.actions[].subjects)");
            }
        }
        String name = text(form.path(FORM_SUBJECT));
        if (name == null) {
            return null;
        }
        return action.subjects().stream().filter(pair -> pair.name().equals(name)).findFirst()
                .orElseThrow(() -> DeliveryRejectedException.unsupported("the form's subject is not one the action '"
                        + action.name() + "' offers"));
    }

    /**
     * An id from the delivery, checked against Looker's id forms: it is used in Looker API paths (with the bridge's
     * token) and in event sources, so anything else is refused rather than encoded.
     */
    private static String pushedId(String field, String id, boolean numeric) {
        if (id != null && !(numeric ? LookerIds.isNumeric(id) : LookerIds.isSlug(id))) {
            throw DeliveryRejectedException.malformed(new LookerIds.InvalidLookerIdException(field, id).getMessage());
        }
        return id;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    /** Where the rows come from and in which format. */
    private record Rows(String format, String origin, RowSource source) {}
}
