package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.LISTED;
import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.SERVED;
import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.UNLISTED;
import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.origin;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.HTTP;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.JSON;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.NODES;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.abbreviate;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.example;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.quote;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.zip;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds one case from its own random stream: a base delivery from the shared examples, then mutations of the
 * envelope, of the attachment or download data, of the bytes and of the HTTP request.
 */
final class CaseGenerator {
    /** {@code bridge.push.max-body-size} of {@link PushFuzzTest}: a larger body is refused with 413. */
    static final int MAX_BODY = 256 * 1024;
    static final String HUB_AUTH = "Token token=\"" + BridgeWiring.PUSH_SECRET + "\"";

    private static final String[] BASES = {"webhook-csv-example", "webhook-json", "json-detail", "inline-json-attachment",
            "inline-rows", "csv-zip", "cell", "stream-emulator", "stream-listed", "stream-url-variant"};
    /** Strings that break naive code: also inserted into data by {@link DataMutations}. */
    static final String[] EVIL = {"", " ", "-1", "0", "../../users/1", "1/../../users/1", "%2e%2e%2f", "..",
            "a.b*c>d e", "São Paulo — 大阪 🚀", "\u0000", "\u0001\u001b[31m\r\nFORGED", "\u202eevil", "\t", "null",
            "true", "[]", "{}", "\"", "\\", "１２３", "1 ", "1?fields=email", "${jndi:ldap://127.0.0.1/x}", "\uFEFFbom",
            "<script>", "%s%n", "🚀".repeat(50)};
    private static final Object[] EDGE_NUMBERS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE, new BigInteger("18446744073709551616"), new BigInteger("9".repeat(120)),
            new BigDecimal("1E+400"), new BigDecimal("-1E-400"), Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.1,
            new BigInteger("9007199254740993"), new BigDecimal("123456789012345678901234567890.123456789")};
    private static final String[] RAW_NUMBERS = {"1e999999999", "-0", "0x10", "NaN", "Infinity", "01", "1.", ".5",
            "9".repeat(1500), "-", "1e-999999999", "1E+2147483648"};
    private static final String[][] KINDS = {{"text/csv", "csv"}, {"application/json", "json"},
            {"application/json", "json_detail"}, {"application/zip;base64", "csv_zip"}, {"application/zip;base64", "zip"},
            {"application/pdf;base64", "pdf"}, {"TEXT/CSV", "CSV"}, {"", ""}, {"application/json", "csv"},
            {"text/csv", "csv_zip"}, {"image/png;base64", "png"}, {"application/octet-stream", null}};

    private final Random random;
    private final int index;
    private final int bridgePort;
    private final LookerEmulator emulator;
    private final DataMutations dataMutations;
    private final List<String> steps = new ArrayList<>();
    private String target;
    private String contentType = "application/json";
    private final Map<String, String> headers = new TreeMap<>();
    /** A wrong secret to send instead of the right one, for whichever endpoint the case ends up at. */
    private String wrongSecret;
    /** Webhook: the secret in {@code Authorization: token token="…"} (accepted); hub: {@code Bearer} (refused). */
    private boolean otherAuthorizationForm;
    private long servedRows = -1;
    private Served served;
    private String servedToken;
    private boolean emulatorDownload;
    private final Map<String, String> raw = new LinkedHashMap<>();

    CaseGenerator(long seed, int index, int bridgePort, LookerEmulator emulator) {
        this.random = new Random(seed ^ (0x9E3779B97F4A7C15L * (index + 1L)));
        this.index = index;
        this.bridgePort = bridgePort;
        this.emulator = emulator;
        this.dataMutations = new DataMutations(random, steps);
    }

    /** A plain webhook csv delivery that must be stored. */
    FuzzCase control() throws IOException {
        target = "webhook";
        ObjectNode envelope = JSON.readValue(example("webhook_look_csv_partial.json"), ObjectNode.class);
        ((ObjectNode) envelope.path("scheduled_plan")).put("title", "Fuzz control");
        return build("control", envelope, 2);
    }

    FuzzCase generate() throws IOException {
        String base = BASES[random.nextInt(BASES.length)];
        ObjectNode envelope = base(base);
        int mutations = pick(new int[] {8, 50, 27, 15}); // 0 (a control), 1, 2 or 3 mutations
        long expectedRows = mutations == 0 ? (servedRows >= 0 ? servedRows : baseRows(base)) : -1;
        boolean bytes = false;
        for (int i = 0; i < mutations; i++) {
            switch (pick(new int[] {14, 8, 8, 10, 6, 4, 8, 22, 8, 6, 5, 12})) {
                case 0 -> changeType(envelope);
                case 1 -> deleteKey(envelope);
                case 2 -> renameKey(envelope);
                case 3 -> evilString(envelope);
                case 4 -> edgeNumber(envelope);
                case 5 -> pathId(envelope);
                case 6 -> attachmentKind(envelope);
                case 7 -> mutateData(envelope);
                case 8 -> http();
                case 9 -> subjectTokens(envelope);
                case 10 -> escapedString(envelope);
                default -> bytes = true;
            }
        }
        FuzzCase built = build(base, envelope, expectedRows);
        if (bytes) {
            byte[] body = dataMutations.mutateBytes(built.body());
            return withBody(built, body);
        }
        return built;
    }

    private FuzzCase build(String base, ObjectNode envelope, long expectedRows) {
        String text = JSON.writeValueAsString(envelope);
        for (Map.Entry<String, String> marker : raw.entrySet()) {
            text = text.replace("\"" + marker.getKey() + "\"", marker.getValue());
        }
        if (servedToken != null) {
            SERVED.put(servedToken, served);
        }
        boolean webhook = target.equals("webhook");
        if (wrongSecret != null) {
            headers.put(webhook ? "X-Looker-Webhook-Token" : "Authorization",
                    webhook ? wrongSecret : "Token token=\"" + wrongSecret + "\"");
        } else if (otherAuthorizationForm) {
            headers.put("Authorization", webhook ? "token token=\"" + BridgeWiring.PUSH_SECRET + "\""
                    : "Bearer " + BridgeWiring.PUSH_SECRET);
        } else {
            headers.put(webhook ? "X-Looker-Webhook-Token" : "Authorization", webhook ? BridgeWiring.PUSH_SECRET : HUB_AUTH);
        }
        FuzzCase built = new FuzzCase(index, base, List.copyOf(steps), target, contentType, Map.copyOf(headers),
                text.getBytes(StandardCharsets.UTF_8), null, expectedRows, served, emulatorDownload);
        return withBody(built, built.body());
    }

    /**
     * The case with this body, and the refusal it asks for, in the controller's order: the secret (401 webhook,
     * 403 hub), an unknown action (404), the content type (415), the size (413).
     */
    private FuzzCase withBody(FuzzCase built, byte[] body) {
        boolean webhook = target.equals("webhook");
        String refusal = null;
        if (wrongSecret != null || (otherAuthorizationForm && !webhook)) {
            refusal = webhook ? "401" : "403";
        }
        if (refusal == null && !(webhook || target.equals("nats") || target.equals("nats_stream"))) {
            refusal = "404";
        }
        if (refusal == null && !isJsonMediaType(contentType)) {
            refusal = "415";
        }
        if (refusal == null && body.length > MAX_BODY) {
            refusal = "413";
        }
        return new FuzzCase(built.index(), built.base(), List.copyOf(steps), built.target(), built.contentType(),
                built.headers(), body, refusal, refusal == null ? built.expectedRows() : -1, built.served(),
                built.emulatorDownload());
    }

    /** {@code application/json} as a media type, in any case, with or without parameters (PushRequests.isJson). */
    static boolean isJsonMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    // --- base deliveries ---------------------------------------------------------------------------------

    private ObjectNode base(String base) throws IOException {
        String planId = Integer.toString(10_000 + Math.max(index, 0));
        switch (base) {
            case "webhook-csv-example" -> {
                target = "webhook";
                return JSON.readValue(example("webhook_look_csv_partial.json"), ObjectNode.class);
            }
            case "webhook-json" -> {
                target = random.nextBoolean() ? "webhook" : "nats";
                ObjectNode plan = NODES.objectNode().put("scheduled_plan_id", planId).put("title", "Orders by month")
                        .put("type", "Look");
                ObjectNode query = JSON.readValue(example("query_object.json"), ObjectNode.class);
                query.put("view", "fuzz_json");
                plan.set("query", query);
                plan.put("query_id", 520);
                ObjectNode envelope = envelope("query", plan);
                attach(envelope, "application/json", "json", example("run_query_json_derived.json"));
                return envelope;
            }
            case "json-detail" -> {
                target = random.nextBoolean() ? "webhook" : "nats";
                ObjectNode envelope = envelope("query", plan(planId, "fuzz_detail"));
                attach(envelope, "application/json", random.nextBoolean() ? "json" : "json_detail",
                        example("run_query_json_detail.json"));
                return envelope;
            }
            case "inline-json-attachment" -> {
                target = random.nextBoolean() ? "webhook" : "nats";
                ObjectNode envelope = envelope("query", plan(planId, "fuzz_inline"));
                envelope.putObject("attachment").put("mimetype", "application/json").put("extension", "json")
                        .set("data", JSON.readTree(example("run_query_json_derived.json")));
                return envelope;
            }
            case "inline-rows" -> {
                target = random.nextBoolean() ? "webhook" : "nats";
                ObjectNode envelope = envelope("query", plan(planId, "fuzz_rows"));
                envelope.set("data", JSON.readTree(example("run_query_json_derived.json")));
                return envelope;
            }
            case "csv-zip" -> {
                target = random.nextBoolean() ? "webhook" : "nats";
                ObjectNode plan = NODES.objectNode().put("scheduled_plan_id", planId).put("title", "Fuzz Dashboard")
                        .put("type", "LookMLDashboard");
                plan.putNull("query");
                ObjectNode envelope = envelope("dashboard", plan);
                envelope.putObject("form_params").put("model", "fuzz").put("explore", "dashboard");
                attach(envelope, "application/zip;base64", random.nextBoolean() ? "csv_zip" : "zip",
                        Base64.getMimeEncoder().encodeToString(zip(dashboardTiles(), false)));
                return envelope;
            }
            case "cell" -> {
                target = "nats";
                ObjectNode envelope = NODES.objectNode().put("type", "cell");
                envelope.putNull("scheduled_plan");
                envelope.putNull("attachment");
                envelope.putObject("data").put("value", "complete").put("status_param", "x");
                envelope.putObject("form_params").put("model", "fuzz").put("explore", "cells");
                return envelope;
            }
            case "stream-emulator" -> {
                target = "nats_stream";
                ObjectNode plan = plan(planId, "fuzz_stream");
                String format = new String[] {"json", "json_detail", "csv"}[random.nextInt(3)];
                servedRows = 1 + random.nextInt(20);
                plan.put("download_url", emulator.registerDownload("1", format, servedRows));
                emulatorDownload = true;
                return envelope("query", plan);
            }
            case "stream-listed" -> {
                target = "nats_stream";
                ObjectNode plan = plan(planId, "fuzz_listed");
                servedToken = "t" + index + "-" + Long.toHexString(random.nextLong());
                String[] bodies = {example("run_query_json_derived.json"), example("run_query_json_detail.json"),
                        "Division,Revenue,Profit\nBrick + Mortar,3828101,739192\nOnline,7184918,4947684\n"};
                int which = random.nextInt(bodies.length);
                served = new Served(200, which == 2 ? "text/csv" : "application/json", bodies[which].getBytes(StandardCharsets.UTF_8));
                servedRows = which == 2 ? 2 : 13;
                plan.put("download_url", origin(LISTED) + "/d/" + servedToken);
                return envelope("query", plan);
            }
            default -> {
                target = "nats_stream";
                ObjectNode plan = plan(planId, "fuzz_url");
                plan.put("download_url", downloadUrlVariant());
                return envelope("query", plan);
            }
        }
    }

    private static long baseRows(String base) {
        return switch (base) {
            case "webhook-csv-example" -> 2;
            case "webhook-json", "json-detail", "inline-json-attachment", "inline-rows" -> 13;
            case "csv-zip" -> 5;
            case "cell" -> 1;
            default -> -1; // streamed: set by the base; a URL variant is not meant to succeed
        };
    }

    private String downloadUrlVariant() {
        String looker = emulator.baseUrl();
        String listed = origin(LISTED);
        String used = emulator.registerDownload("1", "json", 5);
        List<String> variants = List.of(
                origin(UNLISTED) + "/internal",
                "http://127.0.0.1:" + bridgePort + "/actuator/health",
                looker.replace("http:", "https:") + "/downloads/x",
                "http://user:pw@" + URI.create(looker).getAuthority() + "/downloads/x",
                "not a url",
                "",
                "file:///nonexistent/fuzz",
                "ftp://127.0.0.1:" + LISTED.getAddress().getPort() + "/x",
                listed + "/to-unlisted",
                listed + "/loop",
                listed + "/status/500",
                listed + "/status/404",
                listed + "/status/204",
                listed + "/to-download?" + emulator.registerDownload("1", "csv", 3),
                looker + "/api/4.0/user",
                " " + listed + "/d/x",
                "HTTP://127.0.0.1:" + LISTED.getAddress().getPort() + "/status/404",
                "http://127.0.0.1:0/x",
                "//127.0.0.1:" + LISTED.getAddress().getPort() + "/d/x",
                listed + "/d/%2e%2e/%2e%2e/etc/passwd",
                listed + "/d/\u00e9\u4e2d",
                "http://127.0.0.1:" + LISTED.getAddress().getPort() + "@127.0.0.1:" + UNLISTED.getAddress().getPort() + "/",
                "http://127.0.0.1:" + UNLISTED.getAddress().getPort() + "#@" + listed.substring(7) + "/",
                "http://[127.0.0.1]/",
                "http:/127.0.0.1/x",
                "javascript:alert(1)",
                used);
        int pick = random.nextInt(variants.size());
        if (pick == variants.size() - 1) {
            // used up before the delivery: Looker's one-time URL already spent
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(used)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        steps.add("download_url variant " + pick);
        return variants.get(pick);
    }

    private static ObjectNode envelope(String type, ObjectNode plan) {
        ObjectNode envelope = NODES.objectNode().put("type", type);
        envelope.set("scheduled_plan", plan);
        envelope.putNull("data");
        envelope.putObject("form_params");
        return envelope;
    }

    private static ObjectNode plan(String id, String view) {
        ObjectNode plan = NODES.objectNode().put("title", "Fuzz plan " + id).put("type", "Look").put("scheduled_plan_id", id);
        plan.putObject("query").put("model", "thelook").put("view", view);
        plan.putNull("download_url");
        return plan;
    }

    private static void attach(ObjectNode envelope, String mimetype, String extension, String data) {
        envelope.putObject("attachment").put("mimetype", mimetype).put("extension", extension).put("data", data);
    }

    private static Map<String, String> dashboardTiles() {
        Map<String, String> tiles = new TreeMap<>();
        tiles.put("dashboard-fuzz/revenue.csv", ",Orders Created Date,Order Items Total Sale Price\n1,2024-06-30,\"$17,769,563.20\"\n2,2024-06-29,$1.92\n,,\"$17,769,565.12\"\n");
        tiles.put("dashboard-fuzz/status.csv", "Orders Status,Orders Count,Share\ncomplete,\"1,713\",34.03K\ncancelled,12,0.26%\n");
        return tiles;
    }

    // --- envelope mutations ------------------------------------------------------------------------------

    /** A value somewhere in the envelope, with where it sits. */
    private record Slot(JsonNode parent, String key, int position, JsonNode value, String path) {
        long depth() {
            return path.chars().filter(c -> c == '.' || c == '[').count();
        }

        void set(JsonNode replacement) {
            if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) parent).set(position, replacement);
            }
        }
    }

    private List<Slot> slots(JsonNode node, String path, List<Slot> into) {
        if (node instanceof ObjectNode object) {
            for (String name : new ArrayList<>(object.propertyNames())) {
                JsonNode value = object.get(name);
                into.add(new Slot(object, name, -1, value, path + "." + name));
                slots(value, path + "." + name, into);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                into.add(new Slot(array, null, i, array.get(i), path + "[" + i + "]"));
                slots(array.get(i), path + "[" + i + "]", into);
            }
        }
        return into;
    }

    /** A slot, favouring the keys the bridge reads over the many inside a result. */
    private Slot slot(ObjectNode envelope) {
        List<Slot> all = slots(envelope, "", new ArrayList<>());
        List<Slot> envelopeKeys = all.stream().filter(s -> s.depth() <= 3).toList();
        List<Slot> from = random.nextInt(3) > 0 && !envelopeKeys.isEmpty() ? envelopeKeys : all;
        return from.isEmpty() ? null : from.get(random.nextInt(from.size()));
    }

    private void changeType(ObjectNode envelope) {
        Slot slot = slot(envelope);
        if (slot == null) {
            return;
        }
        JsonNode replacement = switch (random.nextInt(7)) {
            case 0 -> NODES.stringNode(slot.value().isValueNode() ? slot.value().asString("x") : "x");
            case 1 -> JSON.valueToTree(EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)]);
            case 2 -> NODES.nullNode();
            case 3 -> NODES.objectNode();
            case 4 -> NODES.objectNode().put("value", "x").set("data", NODES.arrayNode());
            case 5 -> NODES.arrayNode();
            default -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean())
                    : NODES.arrayNode().add(1).add("a").addNull().add(NODES.objectNode());
        };
        if (replacement.equals(slot.value())) {
            replacement = NODES.nullNode();
        }
        slot.set(replacement);
        steps.add("type " + slot.path() + " -> " + describe(replacement));
    }

    private void deleteKey(ObjectNode envelope) {
        List<Slot> keyed = slots(envelope, "", new ArrayList<>()).stream().filter(s -> s.key() != null).toList();
        if (keyed.isEmpty()) {
            return;
        }
        List<Slot> shallow = keyed.stream().filter(s -> s.depth() <= 3).toList();
        List<Slot> from = random.nextInt(3) > 0 && !shallow.isEmpty() ? shallow : keyed;
        Slot slot = from.get(random.nextInt(from.size()));
        ((ObjectNode) slot.parent()).remove(slot.key());
        steps.add("delete " + slot.path());
    }

    private void renameKey(ObjectNode envelope) {
        List<Slot> keyed = slots(envelope, "", new ArrayList<>()).stream().filter(s -> s.key() != null)
                .filter(s -> s.depth() <= 3).toList();
        if (keyed.isEmpty()) {
            return;
        }
        Slot slot = keyed.get(random.nextInt(keyed.size()));
        String[] names = {slot.key().toUpperCase(Locale.ROOT), slot.key() + " ", "_" + slot.key(), "",
                slot.key().replace('a', 'а'), slot.key() + "\u0000", "data", "attachment", "type", "download_url"};
        String name = names[random.nextInt(names.length)];
        ObjectNode parent = (ObjectNode) slot.parent();
        parent.remove(slot.key());
        parent.set(name, slot.value());
        steps.add("rename " + slot.path() + " -> " + quote(name));
    }

    private void evilString(ObjectNode envelope) {
        Slot slot = slot(envelope);
        if (slot == null) {
            return;
        }
        String value;
        int choice = random.nextInt(EVIL.length + 4);
        if (choice < EVIL.length) {
            value = EVIL[choice];
        } else {
            int[] sizes = {1024, 20 * 1024, 100 * 1024, 300 * 1024};
            int size = sizes[choice - EVIL.length];
            value = random.nextBoolean() ? "x".repeat(size) : "é\u0007,\"\n".repeat(size / 5);
        }
        slot.set(NODES.stringNode(value));
        steps.add("string " + slot.path() + " -> " + quote(value));
    }

    private void edgeNumber(ObjectNode envelope) {
        // half the time a value inside the rows, where numbers must come out as they went in
        List<Slot> rowValues = slots(envelope, "", new ArrayList<>()).stream()
                .filter(s -> s.key() != null && s.path().contains("data[") && s.value().isValueNode()).toList();
        Slot slot = random.nextBoolean() && !rowValues.isEmpty() ? rowValues.get(random.nextInt(rowValues.size())) : slot(envelope);
        if (slot == null) {
            return;
        }
        if (random.nextInt(3) == 0) {
            String marker = "@@RAW" + raw.size() + "@@";
            String number = RAW_NUMBERS[random.nextInt(RAW_NUMBERS.length)];
            raw.put(marker, number);
            slot.set(NODES.stringNode(marker));
            steps.add("raw number " + slot.path() + " -> " + abbreviate(number));
        } else {
            JsonNode number = JSON.valueToTree(EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)]);
            slot.set(number);
            steps.add("number " + slot.path() + " -> " + abbreviate(number.toString()));
        }
    }

    /** The names that become NATS subject tokens and header values: the form's model and explore, the title. */
    private void subjectTokens(ObjectNode envelope) {
        String[] values = {"a.b", "*", ">", "a b", "$JS.API.STREAM.DELETE.LOOKER_EVENTS", "_INBOX.x", "..", "",
                "São Paulo — 大阪", "\u0000\u007f", "x".repeat(300), "x".repeat(5_000), "é".repeat(5_000),
                "x".repeat(70_000), "%", "%41", "\r\nHPUB x 1 1", "\t"};
        String value = values[random.nextInt(values.length)];
        int where = random.nextInt(3);
        if (where < 2) {
            ObjectNode form = envelope.path("form_params") instanceof ObjectNode existing ? existing : envelope.putObject("form_params");
            form.put(where == 0 ? "model" : "explore", value);
            steps.add("form_params." + (where == 0 ? "model" : "explore") + " -> " + abbreviate(quote(value)));
        } else {
            ObjectNode plan = envelope.path("scheduled_plan") instanceof ObjectNode existing ? existing : envelope.putObject("scheduled_plan");
            plan.put("title", value);
            if (plan.path("query") instanceof ObjectNode query) {
                query.remove("view"); // so the title becomes the explore token
            }
            steps.add("scheduled_plan.title (as explore) -> " + abbreviate(quote(value)));
        }
    }

    /** JSON escapes that decode to what a writer may refuse: lone surrogates, NUL, a reversed pair. */
    private void escapedString(ObjectNode envelope) {
        Slot slot = random.nextBoolean() ? null : slot(envelope);
        String[] escapes = {"\"\\ud800\"", "\"\\udfff\"", "\"x\\ud800y\"", "\"\\udc00\\ud800\"", "\"\\u0000\"",
                "\"\\ud83d\\ude80\"", "\"\\u00e9\\u0301\"", "\"\\ud800\\u0041\""};
        String escaped = escapes[random.nextInt(escapes.length)];
        String marker = "@@RAW" + raw.size() + "@@";
        raw.put(marker, escaped);
        if (slot == null) {
            // where the bridge reads it: the type, the title, the explore, or a row value
            String[] targets = {"type", "title", "explore", "row"};
            String target = targets[random.nextInt(targets.length)];
            switch (target) {
                case "type" -> envelope.put("type", marker);
                case "title" -> (envelope.path("scheduled_plan") instanceof ObjectNode plan ? plan
                        : envelope.putObject("scheduled_plan")).put("title", marker);
                case "explore" -> (envelope.path("form_params") instanceof ObjectNode form ? form
                        : envelope.putObject("form_params")).put("explore", marker);
                default -> {
                    ArrayNode rows = envelope.path("data") instanceof ArrayNode data ? data : envelope.putArray("data");
                    rows.addObject().put("orders.status", marker);
                }
            }
            steps.add("escaped " + target + " -> " + escaped);
        } else {
            slot.set(NODES.stringNode(marker));
            steps.add("escaped " + slot.path() + " -> " + escaped);
        }
    }

    private void pathId(ObjectNode envelope) {
        ObjectNode planObject = envelope.path("scheduled_plan") instanceof ObjectNode plan ? plan
                : envelope.putObject("scheduled_plan");
        String[] ids = {"1/../../users/1", "..", "1?fields=email", "%2e%2e", "1 ", "-1", "１", "0", "00",
                "99999999999999999999999", "1;DROP", "a/b", "\\..\\", "1#x", "slug-ABC_123", "abc/../def"};
        String field = random.nextBoolean() ? "scheduled_plan_id" : "query_id";
        String id = ids[random.nextInt(ids.length)];
        planObject.put(field, id);
        steps.add("id scheduled_plan." + field + " -> " + quote(id));
    }

    private void attachmentKind(ObjectNode envelope) {
        ObjectNode object;
        if (envelope.path("attachment") instanceof ObjectNode attachment) {
            object = attachment;
        } else {
            object = envelope.putObject("attachment");
            object.put("data", "a,b\n1,2\n");
        }
        String[] kind = KINDS[random.nextInt(KINDS.length)];
        object.put("mimetype", kind[0]);
        if (kind[1] == null) {
            object.remove("extension");
        } else {
            object.put("extension", kind[1]);
        }
        steps.add("attachment kind " + kind[0] + " ." + kind[1]);
    }

    /** Mutates the data the rows come from: the attachment's text, a zip, or the served download. */
    private void mutateData(ObjectNode envelope) {
        if (served != null && random.nextInt(4) > 0) {
            mutateServed();
            return;
        }
        JsonNode attachment = envelope.path("attachment");
        if (attachment instanceof ObjectNode object && object.path("data").isString()) {
            String kind = (object.path("mimetype").asString("") + "|" + object.path("extension").asString("")).toLowerCase(Locale.ROOT);
            String data = object.path("data").asString();
            String mutated = kind.contains("zip") ? dataMutations.mutateZip(data)
                    : kind.contains("json") ? dataMutations.mutateJsonText(data) : dataMutations.mutateCsv(data);
            object.put("data", mutated);
            return;
        }
        if (attachment instanceof ObjectNode object && object.path("data").isContainer()) {
            String[] texts = {"[]", "{}", "[[]]", "[1]", "{\"data\": {}}"};
            String text = texts[random.nextInt(texts.length)];
            object.set("data", JSON.readTree(text));
            steps.add("inline data -> " + text);
            return;
        }
        if (envelope.path("data").isArray()) {
            ArrayNode data = (ArrayNode) envelope.path("data");
            switch (random.nextInt(4)) {
                case 0 -> data.removeAll();
                case 1 -> data.add(NODES.stringNode("not a row"));
                case 2 -> data.add(NODES.arrayNode().add(1));
                default -> data.addObject().put("looker_error", "boom");
            }
            steps.add("inline rows changed");
            return;
        }
        evilString(envelope);
    }

    private void mutateServed() {
        String text = new String(served.body(), StandardCharsets.UTF_8);
        int choice = random.nextInt(8);
        if (choice == 0) {
            int[] statuses = {201, 204, 206, 301, 400, 403, 404, 410, 500, 503};
            int status = statuses[random.nextInt(statuses.length)];
            served = new Served(status, served.contentType(), served.body());
            steps.add("download status " + status);
        } else if (choice == 1) {
            String[] types = {null, "text/html", "application/zip", "application/octet-stream", "application/json; charset=utf-16"};
            String type = types[random.nextInt(types.length)];
            served = new Served(served.status(), type, served.body());
            steps.add("download content type " + type);
        } else if (choice == 2) {
            byte[] bytes = dataMutations.mutateBytes(served.body());
            served = new Served(served.status(), served.contentType(), bytes);
        } else {
            String trimmed = text.strip();
            String mutated = trimmed.startsWith("[") || trimmed.startsWith("{") ? dataMutations.mutateJsonText(text) : dataMutations.mutateCsv(text);
            served = new Served(served.status(), served.contentType(), mutated.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void http() {
        switch (random.nextInt(7)) {
            case 0, 1 -> {
                String[] types = {null, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8",
                        "APPLICATION/JSON", "application/json-seq", "text/csv", "multipart/form-data; boundary=x",
                        "application/jsonx", "application/vnd.api+json", "application/json;charset=ISO-8859-1"};
                contentType = types[random.nextInt(types.length)];
                steps.add("content type " + contentType);
            }
            case 2 -> {
                String[] tokens = {"wrong", "", BridgeWiring.PUSH_SECRET + "x", " " + BridgeWiring.PUSH_SECRET.substring(1), BridgeWiring.PUSH_SECRET.toUpperCase(Locale.ROOT)};
                wrongSecret = tokens[random.nextInt(tokens.length)];
                steps.add("wrong secret " + quote(wrongSecret));
            }
            case 3 -> {
                otherAuthorizationForm = true;
                steps.add("secret in the other Authorization form (webhook: token token=, hub: Bearer)");
            }
            case 4 -> {
                String[] ids = {"../../x", "x".repeat(5000), "id with spaces", "%0d%0a", "", "\"';--"};
                String id = ids[random.nextInt(ids.length)];
                headers.put("X-Looker-Webhook-Id", id);
                steps.add("webhook id " + abbreviate(id));
            }
            case 5 -> {
                target = new String[] {"nope", "NATS", "nats_stream2"}[random.nextInt(3)];
                steps.add("action " + target);
            }
            default -> {
                target = target.equals("webhook") ? "nats" : target.equals("nats") ? "nats_stream" : "webhook";
                steps.add("sent to " + target);
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private int pick(int[] weights) {
        int total = java.util.Arrays.stream(weights).sum();
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static String describe(JsonNode node) {
        return abbreviate(node.toString());
    }
}
