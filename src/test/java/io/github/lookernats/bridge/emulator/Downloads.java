package io.github.lookernats.bridge.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-time {@code download_url}s Looker hands to a streaming action: {@code GET /downloads/<40-char token>},
 * no auth, single use; a used or unknown token answers 404. Mid-stream faults apply (path prefix {@code /downloads}).
 */
final class Downloads implements HttpHandler {

    static final String PATH = "/downloads/";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private record Pending(TheLook.Look look, ResultFormat format, long rows) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final TheLook catalog;
    private final RequestLog requests;
    private final ResultStreamer streamer;

    Downloads(TheLook catalog, RequestLog requests, ResultStreamer streamer) {
        this.catalog = catalog;
        this.requests = requests;
        this.streamer = streamer;
    }

    /** A new single-use token for the result of {@code lookId}. */
    String register(String lookId, String format, long rows) {
        TheLook.Look look = catalog.look(lookId).orElseThrow(() -> new IllegalArgumentException("no look " + lookId));
        ResultFormat resultFormat = ResultFormat.fromPath(format).orElseThrow(() -> new IllegalArgumentException(format));
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        pending.put(token.toString(), new Pending(look, resultFormat, rows));
        return token.toString();
    }

    void clear() {
        pending.clear();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ApiCall call = new ApiCall(exchange, requests.add(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), null));
        try {
            Pending download = "GET".equals(exchange.getRequestMethod())
                    ? pending.remove(exchange.getRequestURI().getPath().substring(PATH.length())) : null;
            if (download == null) {
                call.sendError(ApiException.notFound());
            } else {
                TheLook.SavedQuery query = download.look().query();
                streamer.stream(call, download.format(), QueryResult.of(query.spec(), catalog.exploreOf(query.spec()), download.rows()));
            }
        } catch (ConnectionAbort abort) {
            throw abort;
        }
        exchange.close();
    }
}
