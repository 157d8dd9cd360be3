package io.github.lookernats.bridge.identity;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCIM 2.0 directory (RFC 7644) under {@code /scim/v2}: {@code GET /Users?filter=userName eq "…"} (or
 * {@code emails.value eq}), {@code GET /Groups?filter=members.value eq "…"} two per page, ListResponse and Error
 * bodies, Bearer auth with a static token or one from {@code POST /oauth2/token} (client credentials).
 * Users: alice@example.com (analytics-emea, data-platform, everyone), bob@example.com (finance, everyone),
 * carol@example.com (no groups).
 */
final class ScimStub extends DirectoryStub {

    static final String STATIC_TOKEN = "scim-static-token";
    static final String CLIENT_ID = "bridge";
    static final String CLIENT_SECRET = "bridge-secret";
    private static final Pattern FILTER = Pattern.compile("(userName|emails\\.value|members\\.value) eq \"(.*)\"");
    private static final Map<String, String> USERS = Map.of(
            "alice@example.com", "u-alice", "bob@example.com", "u-bob", "carol@example.com", "u-carol");
    private static final Map<String, List<String>> GROUPS = Map.of(
            "analytics-emea", List.of("u-alice"), "data-platform", List.of("u-alice"),
            "everyone", List.of("u-alice", "u-bob"), "finance", List.of("u-bob"));

    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();

    String scimUrl() {
        return baseUrl() + "/scim/v2";
    }

    String tokenUrl() {
        return baseUrl() + "/oauth2/token";
    }

    /** Every OAuth2 token issued so far stops working. */
    void revokeTokens() {
        issuedTokens.clear();
    }

    @Override
    protected boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String token = header.substring("Bearer ".length());
        return token.equals(STATIC_TOKEN) || issuedTokens.contains(token);
    }

    @Override
    protected Answer answer(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        if (path.equals("/oauth2/token")) {
            return token(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        Matcher filter = FILTER.matcher(query.getOrDefault("filter", ""));
        if (!filter.matches()) {
            return new Answer(400, scimError(400, "invalidFilter"));
        }
        if (path.equals("/scim/v2/Users")) {
            String id = USERS.get(filter.group(2));
            ArrayNode resources = JSON.createArrayNode();
            if (id != null) {
                resources.addObject().put("id", id).put("userName", filter.group(2))
                        .putArray("emails").addObject().put("value", filter.group(2)).put("primary", true);
            }
            return new Answer(200, list(resources, resources.size(), 1));
        }
        if (path.equals("/scim/v2/Groups")) {
            List<String> names = GROUPS.entrySet().stream().filter(g -> g.getValue().contains(filter.group(2)))
                    .map(Map.Entry::getKey).sorted().toList();
            int start = Integer.parseInt(query.getOrDefault("startIndex", "1"));
            ArrayNode page = JSON.createArrayNode();
            names.stream().skip(start - 1L).limit(2).forEach(name -> page.addObject().put("displayName", name));
            return new Answer(200, list(page, names.size(), start));
        }
        return new Answer(404, scimError(404, null));
    }

    private Answer token(String form) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
        if (!"client_credentials".equals(fields.get("grant_type")) || !CLIENT_ID.equals(fields.get("client_id"))
                || !CLIENT_SECRET.equals(fields.get("client_secret"))) {
            return new Answer(401, JSON.createObjectNode().put("error", "invalid_client"));
        }
        String token = UUID.randomUUID().toString();
        issuedTokens.add(token);
        return new Answer(200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer").put("expires_in", 3600));
    }

    private static JsonNode list(ArrayNode resources, long total, int startIndex) {
        ObjectNode list = JSON.createObjectNode();
        list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        list.put("totalResults", total);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", resources.size());
        list.set("Resources", resources);
        return list;
    }

    private static JsonNode scimError(int status, String scimType) {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
        error.put("status", Integer.toString(status));
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", "stub error " + status);
        return error;
    }

    @Override
    protected JsonNode unauthorized() {
        return scimError(401, null);
    }

    @Override
    protected JsonNode error(int status) {
        return scimError(status, null);
    }
}
