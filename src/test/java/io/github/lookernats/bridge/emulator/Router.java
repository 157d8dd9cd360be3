package io.github.lookernats.bridge.emulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps method and path (relative to {@code /api/4.0}) to endpoints; templates use {@code {name}} segments. */
final class Router {

    @FunctionalInterface
    interface Endpoint {
        void handle(ApiCall call) throws IOException;
    }

    record Route(String method, String template, boolean authenticated, Endpoint endpoint) {
    }

    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, template, true, endpoint));
        return this;
    }

    /** For the login endpoint only: everything else needs a valid access token. */
    Router addPublic(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, template, false, endpoint));
        return this;
    }

    /** @param rawPath the undecoded request path, so an encoded slash inside an id stays inside that id */
    Optional<Match> match(String method, String rawPath) {
        if (!rawPath.startsWith(ApiCall.API_BASE + "/")) {
            return Optional.empty();
        }
        String[] segments = rawPath.substring(ApiCall.API_BASE.length() + 1).split("/", -1);
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> params = bind(route.template(), segments);
                if (params != null) {
                    return Optional.of(new Match(route, params));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> bind(String template, String[] segments) {
        String[] expected = template.substring(1).split("/");
        if (expected.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < expected.length; i++) {
            // URLDecoder is a form decoder: keep a literal "+" in a path segment as "+".
            String segment = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (expected[i].startsWith("{")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(expected[i].substring(1, expected[i].length() - 1), segment);
            } else if (!expected[i].equals(segment)) {
                return null;
            }
        }
        return params;
    }
}
