package io.github.lookernats.bridge.identity;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Base of the identity provider stubs: a real HTTP server on loopback that records requests and can be told to
 * answer the next requests with an error status (401, 429, 5xx).
 */
abstract class DirectoryStub implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final LinkedList<Integer> failures = new LinkedList<>();

    DirectoryStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} API requests (not token requests) answer {@code status}. */
    synchronized void failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(status);
        }
    }

    synchronized int requestCount(String pathPrefix) {
        return (int) requests.stream().filter(path -> path.startsWith(pathPrefix)).count();
    }

    synchronized void clear() {
        requests.clear();
        failures.clear();
    }

    /** Answers an API call; {@code query} is decoded. Return the status and body. */
    protected abstract Answer answer(HttpExchange exchange, String path, Map<String, String> query) throws IOException;

    /** True when the request's credentials are valid. */
    protected abstract boolean authorized(HttpExchange exchange);

    /** The body of a 401 in this provider's format. */
    protected abstract JsonNode unauthorized();

    /** The body of an error status in this provider's format. */
    protected abstract JsonNode error(int status);

    record Answer(int status, JsonNode body, Map<String, String> headers) {
        Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Integer failure;
        synchronized (this) {
            requests.add(path);
            failure = path.startsWith("/oauth2/") ? null : failures.poll();
        }
        Answer answer;
        if (failure != null) {
            answer = new Answer(failure, error(failure), failure == 429 ? Map.of("Retry-After", "1", "X-Rate-Limit-Reset",
                    Long.toString(System.currentTimeMillis() / 1000 + 1)) : Map.of());
        } else if (!path.startsWith("/oauth2/") && !authorized(exchange)) {
            answer = new Answer(401, unauthorized());
        } else {
            answer = answer(exchange, path, query);
        }
        byte[] body = answer.body() == null ? new byte[0] : JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
