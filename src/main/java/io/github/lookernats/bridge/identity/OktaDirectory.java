package io.github.lookernats.bridge.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Okta Users API: {@code GET /api/v1/users/{login}}, then {@code GET /api/v1/users/{id}/groups}, following
 * the {@code Link: <…>; rel="next"} pages.
 */
class OktaDirectory implements Directory {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final String base;
    private final DirectoryHttp http;

    OktaDirectory(IdentityProperties.Directory settings, DirectoryHttp http) {
        this.base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.http = http;
    }

    @Override
    public Optional<DirectoryUser> findByEmail(String email) {
        Optional<DirectoryHttp.Answer> user = http.get(URI.create(base + "/api/v1/users/"
                + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20")));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        JsonNode body = user.get().body();
        String id = body.path("id").asText();
        List<String> groups = new ArrayList<>();
        URI page = URI.create(base + "/api/v1/users/" + id + "/groups?limit=200");
        while (page != null) {
            Optional<DirectoryHttp.Answer> answer = http.get(page);
            if (answer.isEmpty()) {
                break;
            }
            answer.get().body().forEach(group -> groups.add(group.path("profile").path("name").asText()));
            page = next(answer.get());
        }
        return Optional.of(new DirectoryUser(id, body.path("profile").path("login").asText(email), List.copyOf(groups)));
    }

    private static URI next(DirectoryHttp.Answer answer) {
        for (String link : answer.headers().allValues("Link")) {
            Matcher matcher = NEXT.matcher(link);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
        }
        return null;
    }
}
