package io.github.lookernats.bridge.identity;

import io.github.lookernats.bridge.outbound.AllowedOrigins;
import tools.jackson.databind.JsonNode;
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

    private static final int MAX_PAGES = 100;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    private final String base;
    private final AllowedOrigins origin;
    private final DirectoryHttp http;

    OktaDirectory(IdentityProperties.Directory settings, DirectoryHttp http) {
        this.base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.origin = AllowedOrigins.of(List.of(settings.baseUrl()));
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
        URI page = URI.create(base + "/api/v1/users/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/groups?limit=200");
        for (int pages = 0; page != null; pages++) {
            if (pages == MAX_PAGES) {
                throw new IdentityUnavailableException("Okta listed more than " + MAX_PAGES + " pages of groups for one user", null);
            }
            Optional<DirectoryHttp.Answer> answer = http.get(page);
            if (answer.isEmpty()) {
                break;
            }
            answer.get().body().forEach(group -> groups.add(group.path("profile").path("name").asText()));
            page = sameOrigin(next(answer.get()));
        }
        return Optional.of(new DirectoryUser(id, body.path("profile").path("login").asText(email), List.copyOf(groups)));
    }

    /** Next-page links are followed only on Okta's own origin: the request carries the API token. */
    private URI sameOrigin(URI next) {
        if (next != null && !origin.allows(next)) {
            throw new IdentityUnavailableException("Okta's next-page link points to another origin; not followed", null);
        }
        return next;
    }

    private static URI next(DirectoryHttp.Answer answer) {
        for (String link : answer.headers().allValues("Link")) {
            Matcher matcher = NEXT.matcher(link);
            if (matcher.find()) {
                try {
                    return URI.create(matcher.group(1));
                } catch (IllegalArgumentException e) {
                    throw new IdentityUnavailableException("Okta's next-page link is not a URL", e);
                }
            }
        }
        return null;
    }
}
