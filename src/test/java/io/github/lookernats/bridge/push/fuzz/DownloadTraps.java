package io.github.lookernats.bridge.push.fuzz;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP servers the fuzzed {@code download_url}s point at, both on 127.0.0.1: one listed in
 * {@code bridge.push.download-allowed-origins}, one that must never be fetched.
 */
final class DownloadTraps {

    /** A listed origin (127.0.0.1) serving the fuzzed download bodies, redirects and error statuses. */
    static final HttpServer LISTED = server();
    /** Not listed: must never be fetched. */
    static final HttpServer UNLISTED = server();
    static final AtomicInteger UNLISTED_REQUESTS = new AtomicInteger();
    /** Download bodies LISTED serves at {@code /d/<token>}, registered by the case that uses them. */
    static final Map<String, Served> SERVED = new ConcurrentHashMap<>();

    static {
        LISTED.createContext("/d/", exchange -> {
            Served served = SERVED.get(exchange.getRequestURI().getPath().substring(3));
            if (served == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                if (served.contentType() != null) {
                    exchange.getResponseHeaders().add("Content-Type", served.contentType());
                }
                exchange.sendResponseHeaders(served.status(), served.body().length == 0 ? -1 : served.body().length);
                exchange.getResponseBody().write(served.body());
            }
            exchange.close();
        });
        LISTED.createContext("/to-unlisted", exchange -> redirect(exchange, origin(UNLISTED) + "/internal"));
        LISTED.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        LISTED.createContext("/to-download", exchange -> redirect(exchange, exchange.getRequestURI().getRawQuery()));
        LISTED.createContext("/status/", exchange -> {
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        UNLISTED.createContext("/", exchange -> {
            UNLISTED_REQUESTS.incrementAndGet();
            byte[] banner = "[{\"secret\": \"UNLISTED-BANNER\"}]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, banner.length);
            exchange.getResponseBody().write(banner);
            exchange.close();
        });
        LISTED.setExecutor(Executors.newCachedThreadPool(daemon()));
        UNLISTED.setExecutor(Executors.newCachedThreadPool(daemon()));
        LISTED.start();
        UNLISTED.start();
    }

    private DownloadTraps() {
    }

    static void stop() {
        LISTED.stop(0);
        UNLISTED.stop(0);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static HttpServer server() {
        try {
            return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "fuzz-download-server");
            thread.setDaemon(true);
            return thread;
        };
    }

    static String origin(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
