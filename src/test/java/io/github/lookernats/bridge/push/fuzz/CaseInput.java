package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.LISTED;
import static io.github.lookernats.bridge.push.fuzz.DownloadTraps.origin;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.JSON;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What the case's input holds, read independently of the bridge (the same JSON library, but none of the
 * bridge's code): tells a correct empty success from a broken input answered as a success, and gives the rows a
 * JSON input holds, numbers exact, to compare with the row events.
 *
 * @param expectedRows the rows of a JSON input, in order; null when not known (CSV, emulator downloads, JSON
 *     with repeated keys, whose meaning differs between parsers)
 */
record CaseInput(String source, boolean legitimatelyEmpty, boolean zipUnreadable, boolean attachmentWithoutData,
        boolean downloadWithoutRows, boolean jsonDetailWithoutRowArray, boolean scalarReadAsCsv,
        List<JsonNode> expectedRows, String note) {

    /** Numbers kept exact; repeated keys detected, so that documents whose meaning is ambiguous are left out. */
    static final ObjectMapper EXACT = tools.jackson.databind.json.JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static CaseInput of(FuzzCase fuzzCase) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(fuzzCase.body());
        } catch (JacksonException e) {
            return simple("unparseable", "body is not JSON");
        }
        if (envelope == null || !envelope.isObject()) {
            return simple("not-an-object", "body is not an object");
        }
        JsonNode exact = exact(fuzzCase.body());
        JsonNode attachment = envelope.path("attachment");
        if (attachment.isObject() && attachment.hasNonNull("data")) {
            String kind = (scalar(attachment.path("mimetype")) + "|" + scalar(attachment.path("extension")))
                    .toLowerCase(Locale.ROOT);
            JsonNode data = attachment.get("data");
            if (kind.contains("json")) {
                JsonNode result = data.isString() ? exact(data.asString().getBytes(StandardCharsets.UTF_8))
                        : exact == null ? null : exact.path("attachment").path("data");
                boolean empty = emptyJsonResult(result);
                boolean noRowArray = result != null && result.isObject() && !result.path("data").isArray();
                return new CaseInput("attachment-json", empty, false, false, false, noRowArray, false, rowsOf(result), kind);
            }
            if (kind.contains("csv") && !kind.contains("zip")) {
                boolean noData = data.isContainer() || (data.isString() && data.asString().isBlank());
                boolean headerOnly = data.isString() && StrictCsv.headerOnly(data.asString());
                return new CaseInput("attachment-csv", headerOnly, false, noData, false, false,
                        data.isValueNode() && !data.isString(), data.isString() ? StrictCsv.rows(List.of(data.asString())) : null, kind);
            }
            if (kind.contains("zip")) {
                Boolean zipEmpty = data.isString() ? zipOfHeadersOnly(data.asString()) : null;
                List<String> tiles = zipEmpty == null ? null : csvFiles(data.asString());
                return new CaseInput("attachment-zip", Boolean.TRUE.equals(zipEmpty), zipEmpty == null, false, false, false,
                        false, tiles == null ? null : StrictCsv.rows(tiles), kind);
            }
            return simple("attachment-other", kind);
        }
        JsonNode data = envelope.path("data");
        if (data.isArray()) {
            return new CaseInput("inline-rows", data.isEmpty(), false, false, false, false, false,
                    rowsOf(exact == null ? null : exact.path("data")), "");
        }
        if ("cell".equals(scalar(envelope.path("type"))) && data.isObject()) {
            return new CaseInput("cell", false, false, false, false, false, false,
                    exact == null ? null : List.of(exact.path("data")), "");
        }
        JsonNode url = envelope.path("scheduled_plan").path("download_url");
        if (!url.isMissingNode() && !url.isNull()) {
            Served served = fuzzCase.served();
            if (served != null && served.status() == 200 && url.isString()
                    && url.asString().startsWith(origin(LISTED) + "/d/")) {
                String text = new String(served.body(), StandardCharsets.UTF_8);
                String trimmed = text.strip();
                // the bridge sniffs the first byte after blanks: '[' json, '{' json_detail, anything else csv
                String sniffed = text.replaceFirst("^[ \n\r\t]+", "");
                boolean json = sniffed.startsWith("[") || sniffed.startsWith("{");
                boolean empty = json ? emptyJsonResult(exact(served.body())) : StrictCsv.headerOnly(text);
                JsonNode result = json ? exact(served.body()) : null;
                return new CaseInput("download", empty, false, false, !empty && !hasRows(trimmed),
                        result != null && result.isObject() && !result.path("data").isArray(), false,
                        json ? rowsOf(result) : StrictCsv.rows(List.of(text)), "served body");
            }
            return simple("download", fuzzCase.emulatorDownload() ? "emulator" : "other");
        }
        return simple("none", "");
    }

    private static CaseInput simple(String source, String note) {
        return new CaseInput(source, false, false, false, false, false, false, null, note);
    }

    /** The document with exact numbers, or null when it is not JSON or repeats a key. */
    private static JsonNode exact(byte[] json) {
        try {
            return EXACT.readTree(json);
        } catch (RuntimeException e) {
            // not JSON, a repeated key, or a number BigDecimal cannot hold (1E+2147483648)
            return null;
        }
    }

    /** The text of each .csv file of a zip, in the zip's order, or null when it is not one. */
    private static List<String> csvFiles(String base64) {
        List<String> files = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    files.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return files;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The rows of a json ({@code [...]}) or json_detail ({@code {"data": [...]}}) result, or null. */
    private static List<JsonNode> rowsOf(JsonNode result) {
        if (result == null) {
            return null;
        }
        JsonNode rows = result.isArray() ? result : result.path("data");
        if (!rows.isArray()) {
            return null;
        }
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }

    /** Whether a JSON result is an empty Looker result: {@code []} or {@code {"data": []}}. */
    static boolean emptyJsonResult(JsonNode result) {
        if (result == null) {
            return false;
        }
        if (result.isArray()) {
            return result.isEmpty();
        }
        return result.isObject() && result.path("data").isArray() && result.path("data").isEmpty()
                && (!result.has("errors") || result.path("errors").isEmpty() || result.path("errors").isNull());
    }

    /** Whether the text has something that could be rows: a second non-blank line, or JSON rows. */
    static boolean hasRows(String text) {
        if (text.startsWith("[") || text.startsWith("{")) {
            try {
                JsonNode result = JSON.readTree(text);
                JsonNode rows = result.isArray() ? result : result.path("data");
                return rows.isArray() && !rows.isEmpty();
            } catch (JacksonException e) {
                return true; // broken JSON is not "without rows"
            }
        }
        return text.lines().filter(line -> !line.isBlank()).count() > 1;
    }

    /**
     * TRUE: a readable zip whose .csv files hold headers only; FALSE: a readable zip with rows; null: not a zip
     * with .csv files (the attachment cannot be read as csv_zip).
     */
    static Boolean zipOfHeadersOnly(String base64) {
        byte[] zip;
        try {
            zip = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int csvFiles = 0;
        boolean rows = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    csvFiles++;
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    rows |= !StrictCsv.headerOnly(text);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return csvFiles == 0 ? null : !rows;
    }

    private static String scalar(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : "";
    }

    @Override
    public String toString() {
        return source + (note.isEmpty() ? "" : " (" + note + ")");
    }
}
