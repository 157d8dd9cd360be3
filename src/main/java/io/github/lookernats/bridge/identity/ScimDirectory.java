package io.github.lookernats.bridge.identity;

import tools.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A SCIM 2.0 directory (RFC 7643/7644): {@code GET /Users?filter=userName eq "…"}, and the groups from the User
 * resource's {@code groups} attribute or, where the directory leaves it out, {@code GET /Groups?filter=members.value eq "…"}
 * page by page.
 */
class ScimDirectory implements Directory {

    private static final int PAGE = 100;

    private final String base;
    private final String lookupBy;
    private final DirectoryHttp http;

    ScimDirectory(IdentityProperties.Directory settings, DirectoryHttp http) {
        this.base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.lookupBy = settings.lookupBy();
        this.http = http;
    }

    @Override
    public Optional<DirectoryUser> findByEmail(String email) {
        String attribute = "emails".equals(lookupBy) ? "emails.value" : "userName";
        JsonNode list = http.get(uri("/Users?filter=" + encode(attribute + " eq " + quoted(email)) + "&startIndex=1&count=1"))
                .map(DirectoryHttp.Answer::body).orElse(null);
        if (list == null || list.path("Resources").isEmpty()) {
            return Optional.empty();
        }
        JsonNode user = list.path("Resources").get(0);
        String id = user.path("id").asText();
        List<String> groups = new ArrayList<>();
        if (user.has("groups")) {
            user.path("groups").forEach(group -> groups.add(group.path("display").asText(group.path("value").asText())));
        } else {
            groupsByMember(id, groups);
        }
        return Optional.of(new DirectoryUser(id, user.path("userName").asText(email), List.copyOf(groups)));
    }

    private void groupsByMember(String userId, List<String> groups) {
        int startIndex = 1;
        while (true) {
            URI page = uri("/Groups?filter=" + encode("members.value eq " + quoted(userId))
                    + "&attributes=displayName&startIndex=" + startIndex + "&count=" + PAGE);
            JsonNode list = http.get(page).map(DirectoryHttp.Answer::body).orElse(null);
            if (list == null) {
                return;
            }
            JsonNode resources = list.path("Resources");
            resources.forEach(group -> groups.add(group.path("displayName").asText()));
            int perPage = list.path("itemsPerPage").asInt(resources.size());
            long total = list.path("totalResults").asLong(0);
            if (resources.isEmpty() || perPage == 0 || startIndex - 1 + perPage >= total) {
                return;
            }
            startIndex += perPage;
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    /** A SCIM filter string literal (RFC 7644 §3.4.2.2): JSON string rules. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
