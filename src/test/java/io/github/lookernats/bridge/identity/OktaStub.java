package io.github.lookernats.bridge.identity;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.List;
import java.util.Map;

/**
 * The Okta Users API: {@code GET /api/v1/users/{login}}, {@code GET /api/v1/users/{id}/groups} two per page with
 * {@code Link: <…>; rel="next"}, {@code SSWS} token auth, and Okta's error bodies ({@code errorCode}, {@code errorSummary}).
 * Users: alice@example.com (analytics-emea, data-platform, everyone), bob@example.com (finance).
 */
final class OktaStub extends DirectoryStub {

    static final String API_TOKEN = "00okta-api-token";
    private static final Map<String, String> LOGINS = Map.of("alice@example.com", "00ualice", "bob@example.com", "00ubob");
    private static final Map<String, List<String>> GROUPS = Map.of(
            "00ualice", List.of("analytics-emea", "data-platform", "everyone"), "00ubob", List.of("finance"));

    @Override
    protected boolean authorized(HttpExchange exchange) {
        return ("SSWS " + API_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    @Override
    protected Answer answer(HttpExchange exchange, String path, Map<String, String> query) {
        String[] parts = path.split("/");
        // /api/v1/users/{login}  or  /api/v1/users/{id}/groups
        if (parts.length == 5 && path.startsWith("/api/v1/users/")) {
            String login = decode(parts[4]);
            String id = LOGINS.get(login);
            if (id == null) {
                return new Answer(404, oktaError("E0000007", "Not found: Resource not found: " + login + " (User)"));
            }
            ObjectNode user = JSON.createObjectNode().put("id", id).put("status", "ACTIVE");
            user.putObject("profile").put("login", login).put("email", login);
            return new Answer(200, user);
        }
        if (parts.length == 6 && parts[5].equals("groups")) {
            List<String> groups = GROUPS.getOrDefault(parts[4], List.of());
            int after = Integer.parseInt(query.getOrDefault("after", "0"));
            ArrayNode page = JSON.createArrayNode();
            groups.stream().skip(after).limit(2).forEach(name -> {
                ObjectNode group = page.addObject().put("id", "00g" + name.hashCode()).put("type", "OKTA_GROUP");
                group.putObject("profile").put("name", name).put("description", name + " members");
            });
            if (after + 2 < groups.size()) {
                String next = baseUrl() + "/api/v1/users/" + parts[4] + "/groups?limit=200&after=" + (after + 2);
                return new Answer(200, page, Map.of("Link", "<" + next + ">; rel=\"next\""));
            }
            return new Answer(200, page);
        }
        return new Answer(404, oktaError("E0000022", "The endpoint does not support the provided HTTP method"));
    }

    private static JsonNode oktaError(String code, String summary) {
        ObjectNode error = JSON.createObjectNode().put("errorCode", code).put("errorSummary", summary)
                .put("errorLink", code).put("errorId", "oae" + Math.abs(summary.hashCode()));
        error.putArray("errorCauses");
        return error;
    }

    @Override
    protected JsonNode unauthorized() {
        return oktaError("E0000011", "Invalid token provided");
    }

    @Override
    protected JsonNode error(int status) {
        return status == 429 ? oktaError("E0000047", "API call exceeded rate limit due to too many requests.")
                : oktaError("E0000009", "Internal Server Error");
    }
}
