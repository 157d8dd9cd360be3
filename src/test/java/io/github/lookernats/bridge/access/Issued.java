package io.github.lookernats.bridge.access;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code .creds} answer of the credentials endpoint, split into what the tests look at. */
record Issued(String body, String jwt, String seed, String jwtId, String inboxPrefix, Instant expiresAt) {

    private static final Pattern JWT = Pattern.compile("-----BEGIN NATS USER JWT-----\\s*(\\S+)\\s*------END NATS USER JWT------");
    private static final Pattern SEED = Pattern.compile("-----BEGIN USER NKEY SEED-----\\s*(\\S+)\\s*------END USER NKEY SEED------");

    static Issued of(HttpResponse<String> response) {
        return new Issued(response.body(), group(JWT, response.body()), group(SEED, response.body()),
                response.headers().firstValue(CredentialsController.JWT_ID).orElseThrow(),
                response.headers().firstValue(CredentialsController.INBOX_PREFIX).orElseThrow(),
                Instant.parse(response.headers().firstValue(CredentialsController.EXPIRES).orElseThrow()));
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no " + pattern + " in the answer");
        }
        return matcher.group(1);
    }

    @Override
    public String toString() {
        return "Issued[jwtId=" + jwtId + "]";
    }
}
