package io.github.lookernats.bridge.emulator;

import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** POST /login and DELETE /logout. */
final class AuthEndpoints {

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private final String clientId;
    private final String clientSecret;
    private final TokenStore tokens;
    private final AtomicInteger logins = new AtomicInteger();

    AuthEndpoints(String clientId, String clientSecret, TokenStore tokens) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = tokens;
    }

    void login(ApiCall call) throws IOException {
        // The spec still lists client_id/client_secret as (deprecated) query parameters; the form body wins.
        Map<String, String> credentials = new HashMap<>(call.queryParams());
        byte[] body = call.readBody();
        if (body.length > 0) {
            String contentType = call.header("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)) {
                throw ApiException.badRequest("Content-Type must be " + FORM_TYPE);
            }
            credentials.putAll(ApiCall.parseForm(new String(body, StandardCharsets.UTF_8)));
        }
        // Real Looker answers bad or missing credentials with 404, not 401.
        if (!clientId.equals(credentials.get("client_id")) || !clientSecret.equals(credentials.get("client_secret"))) {
            throw ApiException.notFound();
        }
        ObjectNode token = Json.MAPPER.createObjectNode();
        token.put("access_token", tokens.issue());
        token.put("token_type", "Bearer");
        token.put("expires_in", tokens.ttlSeconds());
        token.putNull("refresh_token");
        logins.incrementAndGet();
        call.sendJson(200, token);
    }

    void logout(ApiCall call) throws IOException {
        call.accessToken().ifPresent(tokens::revoke);
        call.sendNoContent();
    }

    int loginCount() {
        return logins.get();
    }

    void resetCount() {
        logins.set(0);
    }
}
