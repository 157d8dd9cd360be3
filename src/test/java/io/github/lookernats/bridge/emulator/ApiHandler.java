package io.github.lookernats.bridge.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Entry point for every request: log, faults, routing, authentication, endpoint. */
final class ApiHandler implements HttpHandler {

    private static final byte[] NOT_JSON = "{\"this is not\": json".getBytes(StandardCharsets.UTF_8);

    private final RequestLog requests;
    private final FaultQueue faults;
    private final TokenStore tokens;
    private final Router router;

    ApiHandler(RequestLog requests, FaultQueue faults, TokenStore tokens, Router router) {
        this.requests = requests;
        this.faults = faults;
        this.tokens = tokens;
        this.router = router;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ApiCall call = new ApiCall(exchange, requests.add(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization")));
        try {
            serve(call);
        } catch (ConnectionAbort abort) {
            throw abort;
        } catch (ApiException error) {
            answerOrDrop(call, error, error);
        } catch (IOException | RuntimeException failure) {
            answerOrDrop(call, ApiException.status(500), failure);
        }
        exchange.close();
    }

    private void serve(ApiCall call) throws IOException {
        Optional<Router.Match> match = router.match(call.method(), call.rawPath());
        match.ifPresent(found -> call.route(found.route().template(), found.params()));

        Fault fault = faults.take(call.path(), false);
        if (fault != null && answeredByFault(call, fault)) {
            return;
        }
        Router.Match found = match.orElseThrow(ApiException::notFound);
        if (found.route().authenticated() && !call.accessToken().filter(tokens::isValid).isPresent()) {
            throw ApiException.unauthorized();
        }
        found.route().endpoint().handle(call);
    }

    /** Applies an arrival-stage fault; returns false when the request should then be served normally. */
    private static boolean answeredByFault(ApiCall call, Fault fault) throws IOException {
        switch (fault.kind()) {
            case STATUS -> {
                if (fault.duration() != null) {
                    call.setHeader("Retry-After", Long.toString(wholeSecondsUp(fault.duration())));
                }
                call.sendError(ApiException.status(fault.status()));
                return true;
            }
            case MALFORMED_BODY -> {
                call.sendBytes(200, ApiCall.JSON_TYPE, NOT_JSON);
                return true;
            }
            case SLOW -> {
                sleep(fault.duration());
                return false;
            }
            default -> throw new IllegalStateException("not an arrival fault: " + fault);
        }
    }

    private static long wholeSecondsUp(Duration duration) {
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    }

    /** The emulated slowness itself, not a test waiting for something. */
    private static void sleep(Duration delay) {
        try {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            // Only happens when the emulator shuts down; nobody is waiting for this answer any more.
            Thread.currentThread().interrupt();
            throw new ConnectionAbort();
        }
    }

    /** Once a body has started, an error can only be signalled by dropping the connection. */
    private static void answerOrDrop(ApiCall call, ApiException error, Exception cause) throws IOException {
        if (call.responded()) {
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
        call.sendError(error);
    }
}
