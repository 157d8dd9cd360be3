package io.github.lookernats.bridge.emulator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request and its answer: parameter access plus the few ways Looker answers. */
final class ApiCall {

    static final String API_BASE = "/api/4.0";
    static final String JSON_TYPE = "application/json";

    private static final String ERROR_DOCS = "https://cloud.google.com/looker/docs/r/err/4.0/";

    private final HttpExchange exchange;
    private final RequestLog.Entry logEntry;
    private final Map<String, String> queryParams;
    private Map<String, String> pathParams = Map.of();
    private String routeTemplate;
    private boolean responded;

    ApiCall(HttpExchange exchange, RequestLog.Entry logEntry) {
        this.exchange = exchange;
        this.logEntry = logEntry;
        this.queryParams = parseForm(exchange.getRequestURI().getRawQuery());
    }

    /** Decodes {@code a=1&b=2}; the first occurrence of a name wins. */
    static Map<String, String> parseForm(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    Map<String, String> queryParams() {
        return queryParams;
    }

    String queryParam(String name) {
        return queryParams.get(name);
    }

    String pathParam(String name) {
        return pathParams.get(name);
    }

    /** Remembers the matched route; its template names the endpoint in documentation URLs. */
    void route(String template, Map<String, String> params) {
        this.routeTemplate = template;
        this.pathParams = Map.copyOf(params);
    }

    /** The token from {@code Authorization: token <t>} or {@code Bearer <t>}, scheme case-insensitive. */
    Optional<String> accessToken() {
        String header = header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2) {
            return Optional.empty();
        }
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        return scheme.equals("token") || scheme.equals("bearer") ? Optional.of(parts[1].trim()) : Optional.empty();
    }

    byte[] readBody() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    boolean responded() {
        return responded;
    }

    void sendJson(int status, JsonNode body) throws IOException {
        sendBytes(status, JSON_TYPE, Json.MAPPER.writeValueAsBytes(body));
    }

    void sendBytes(int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        begin(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    void sendNoContent() throws IOException {
        begin(204, -1);
        exchange.getResponseBody().close();
    }

    void sendError(ApiException error) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        String documentationUrl = error.documentationUrl() != null
                ? error.documentationUrl() : documentationUrl(error.status());
        body.put("message", error.getMessage());
        if (!error.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (ApiException.FieldError fieldError : error.errors()) {
                errors.addObject()
                        .put("field", fieldError.field())
                        .put("code", fieldError.code())
                        .put("message", fieldError.message())
                        .put("documentation_url", documentationUrl);
            }
        }
        body.put("documentation_url", documentationUrl);
        sendJson(error.status(), body);
    }

    /** Starts a 200 answer with chunked transfer encoding; the caller writes and closes the body. */
    OutputStream startStream(String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        begin(200, 0);
        return exchange.getResponseBody();
    }

    void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** Looker's pattern: {@code .../err/4.0/<status>/<method>/<path template>}. */
    private String documentationUrl(int status) {
        String endpoint = routeTemplate != null ? routeTemplate : apiRelativePath();
        return ERROR_DOCS + status + "/" + method().toLowerCase(Locale.ROOT) + endpoint;
    }

    private String apiRelativePath() {
        String path = path();
        return path.startsWith(API_BASE) ? path.substring(API_BASE.length()) : path;
    }

    private void begin(int status, long length) throws IOException {
        // Logged before the headers leave, so a client never observes an answer the log does not know yet.
        logEntry.answered(status);
        responded = true;
        exchange.sendResponseHeaders(status, length);
    }
}
