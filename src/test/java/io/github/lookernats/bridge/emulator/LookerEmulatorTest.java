package io.github.lookernats.bridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LookerEmulatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LOOK_1_QUERY = "aogBgL6o3cKK1jN3RoZl5s";

    private static LookerEmulator emulator;
    private static HttpClient http;

    @BeforeAll
    static void startEmulator() {
        emulator = LookerEmulator.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    @Test
    void bodiesMatchTheSharedLookerExamples() throws Exception {
        JsonNode loginExample = example("login_response.json");
        JsonNode login = json(login(emulator.clientId(), emulator.clientSecret()));
        loginExample.propertyNames().forEach(key -> assertThat(login.has(key)).as("login has %s", key).isTrue());
        assertThat(login.get("token_type")).isEqualTo(loginExample.get("token_type"));
        assertThat(login.get("expires_in")).isEqualTo(loginExample.get("expires_in"));

        assertThat(json(send(request("/looks/1").build()))).isEqualTo(example("error_requires_authentication.json"));

        String token = login.get("access_token").asText();
        JsonNode notFound = json(send(request("/looks/999").header("Authorization", "token " + token).build()));
        JsonNode notFoundExample = example("error_not_found.json");
        assertThat(notFound.get("message")).isEqualTo(notFoundExample.get("message"));
        assertThat(notFound.has("documentation_url")).isTrue();
    }

    private static JsonNode example(String name) throws IOException {
        try (var in = LookerEmulatorTest.class.getResourceAsStream("/looker-examples/" + name)) {
            return MAPPER.readTree(in);
        }
    }

    @Test
    void loginReturnsBearerTokenWithTtl() throws Exception {
        HttpResponse<String> response = login(emulator.clientId(), emulator.clientSecret());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = json(response);
        assertThat(token.get("access_token").asText()).matches("[A-Za-z0-9]{40}");
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(emulator.loginCount()).isEqualTo(1);
    }

    @Test
    void badCredentialsAnswer404LikeLooker() throws Exception {
        HttpResponse<String> response = login(emulator.clientId(), "wrong");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).isEqualTo("Not found");
        assertThat(json(response).get("documentation_url").asText())
                .isEqualTo("https://cloud.google.com/looker/docs/r/err/4.0/404/post/login");
        assertThat(emulator.loginCount()).isZero();
    }

    @Test
    void missingOrUnknownTokenAnswers401() throws Exception {
        HttpResponse<String> anonymous = send(request("/looks/1").build());
        HttpResponse<String> unknown = send(request("/looks/1").header("Authorization", "token nope").build());

        for (HttpResponse<String> response : List.of(anonymous, unknown)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("message").asText()).isEqualTo("Requires authentication.");
            assertThat(json(response).get("documentation_url").asText())
                    .isEqualTo("https://cloud.google.com/looker/docs/");
        }
    }

    @Test
    void acceptsTokenAndBearerSchemes() throws Exception {
        String token = accessToken();

        assertThat(send(request("/user").header("Authorization", "token " + token).build()).statusCode())
                .isEqualTo(200);
        assertThat(send(request("/user").header("Authorization", "Bearer " + token).build()).statusCode())
                .isEqualTo(200);
        assertThat(send(request("/user").header("Authorization", "BEARER " + token).build()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void returnsLookMetadataWithQuery() throws Exception {
        JsonNode look = json(get("/looks/1", accessToken()));

        assertThat(look.get("id").asText()).isEqualTo("1");
        assertThat(look.get("title").asText()).isEqualTo("Orders by status");
        assertThat(look.get("user_id").asText()).isEqualTo("7");
        assertThat(look.get("query_id").asText()).isEqualTo(LOOK_1_QUERY);
        assertThat(look.at("/query/model").asText()).isEqualTo("thelook");
        assertThat(look.at("/query/view").asText()).isEqualTo("orders");
        assertThat(look.at("/query/fields/0").asText()).isEqualTo("orders.status");
        assertThat(look.at("/query/limit").isTextual()).isTrue();
        assertThat(look.get("public").asBoolean()).isFalse();
    }

    @Test
    void fieldsParameterLimitsTheProperties() throws Exception {
        JsonNode look = json(get("/looks/1?fields=id,title", accessToken()));

        assertThat(look.size()).isEqualTo(2);
        assertThat(look.has("query")).isFalse();
    }

    @Test
    void unknownLookAnswers404() throws Exception {
        HttpResponse<String> response = get("/looks/999", accessToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).isEqualTo("Not found");
    }

    @Test
    void runJsonHonoursLimit() throws Exception {
        String token = accessToken();

        JsonNode all = json(get("/looks/1/run/json", token));
        JsonNode limited = json(get("/looks/3/run/json?limit=7", token));

        assertThat(all.size()).isEqualTo(5);
        assertThat(all.get(0).has("orders.status")).isTrue();
        assertThat(all.get(0).get("orders.count").isIntegralNumber()).isTrue();
        assertThat(limited.size()).isEqualTo(7);
        assertThat(limited.get(0).size()).isEqualTo(8);
    }

    @Test
    void unlimitedRunUsesConfiguredRowCount() throws Exception {
        emulator.rowCount("3", 2_500);

        JsonNode rows = json(get("/queries/Lq83mZt5WcE1oPa7Ks2UdF/run/json?limit=-1", accessToken()));

        assertThat(rows.size()).isEqualTo(2_500);
    }

    @Test
    void sameRequestGivesIdenticalBytes() throws Exception {
        String token = accessToken();

        assertThat(get("/looks/3/run/json", token).body()).isEqualTo(get("/looks/3/run/json", token).body());
    }

    @Test
    void aPrerenderedResultIsServedByteForByteAsGenerated() throws Exception {
        emulator.rowCount("3", 2_000);
        String token = accessToken();
        String generated = get("/looks/3/run/json?limit=-1", token).body();

        emulator.prerenderLook("3", "json");
        String prerendered = get("/looks/3/run/json?limit=-1", token).body();
        emulator.enqueueFault(Fault.malformedAfterRows("/api/4.0/looks/3/run", 2));
        String faulted = get("/looks/3/run/json?limit=-1", token).body();

        assertThat(json(get("/looks/3/run/json?limit=-1", token)).size()).isEqualTo(2_000);
        assertThat(prerendered).isEqualTo(generated);
        assertThat(faulted).as("a queued fault still applies").isNotEqualTo(generated);
    }

    @Test
    void aQueryTaskRunsAsynchronouslyAndThenServesTheResult() throws Exception {
        String token = accessToken();
        HttpResponse<String> created = post("/query_tasks?limit=3",
                "{\"query_id\":\"aogBgL6o3cKK1jN3RoZl5s\",\"result_format\":\"json\",\"source\":\"test\",\"look_id\":\"1\"}", token);
        String id = json(created).get("id").asText();

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(json(created).get("status").asText()).isEqualTo("added");
        assertThat(json(created).get("query_id").asText()).isEqualTo("aogBgL6o3cKK1jN3RoZl5s");
        assertThat(get("/query_tasks/" + id + "/results", token).statusCode()).isEqualTo(202);
        assertThat(json(get("/query_tasks/" + id, token)).get("status").asText()).isEqualTo("running");
        assertThat(json(get("/query_tasks/" + id, token)).get("status").asText()).isEqualTo("running");
        JsonNode done = json(get("/query_tasks/" + id + "?fields=id,status,runtime", token));
        assertThat(done.get("status").asText()).isEqualTo("complete");
        assertThat(done.has("query")).isFalse();
        HttpResponse<String> results = get("/query_tasks/" + id + "/results", token);
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(results.body()).isEqualTo(get("/looks/1/run/json?limit=3", token).body());
    }

    @Test
    void queryTaskRequestsAreValidatedAsTheSpecSays() throws Exception {
        String token = accessToken();

        HttpResponse<String> missing = post("/query_tasks", "{\"result_format\":\"json\"}", token);
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(json(missing).at("/errors/0/field").asText()).isEqualTo("query_id");
        assertThat(post("/query_tasks", "{\"query_id\":\"aogBgL6o3cKK1jN3RoZl5s\",\"result_format\":\"pdf\"}", token)
                .statusCode()).isEqualTo(422);
        assertThat(post("/query_tasks", "{\"query_id\":\"nope\",\"result_format\":\"json\"}", token).statusCode()).isEqualTo(404);
        assertThat(get("/query_tasks/unknown", token).statusCode()).isEqualTo(404);
        assertThat(get("/query_tasks/unknown/results", token).statusCode()).isEqualTo(404);
    }

    @Test
    void queryTasksCanFailBeKilledOrExpire() throws Exception {
        String token = accessToken();
        emulator.queryTaskRunningChecks(0).endNextQueryTask("error");
        String failed = json(post("/query_tasks", "{\"query_id\":\"aogBgL6o3cKK1jN3RoZl5s\",\"result_format\":\"json\"}", token)).get("id").asText();
        assertThat(json(get("/query_tasks/" + failed, token)).get("status").asText()).isEqualTo("error");
        assertThat(get("/query_tasks/" + failed + "/results", token).statusCode()).isEqualTo(400);

        emulator.endNextQueryTask("expired");
        String expired = json(post("/query_tasks", "{\"query_id\":\"aogBgL6o3cKK1jN3RoZl5s\",\"result_format\":\"json\"}", token)).get("id").asText();
        assertThat(json(get("/query_tasks/" + expired, token)).get("status").asText()).isEqualTo("expired");
        assertThat(get("/query_tasks/" + expired + "/results", token).statusCode()).isEqualTo(404);

        emulator.queryTaskRunningChecks(100);
        String running = json(post("/query_tasks", "{\"query_id\":\"aogBgL6o3cKK1jN3RoZl5s\",\"result_format\":\"json\"}", token)).get("id").asText();
        assertThat(send(request("/running_queries/" + running).header("Authorization", "token " + token).DELETE().build())
                .statusCode()).isEqualTo(204);
        assertThat(json(get("/query_tasks/" + running, token)).get("status").asText()).isEqualTo("killed");
        assertThat(send(request("/running_queries/" + running).header("Authorization", "token " + token).DELETE().build())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void jsonDetailHasFieldsAndCells() throws Exception {
        JsonNode detail = json(get("/looks/1/run/json_detail", accessToken()));

        assertThat(detail.at("/fields/dimensions/0/name").asText()).isEqualTo("orders.status");
        assertThat(detail.at("/fields/measures/0/name").asText()).isEqualTo("orders.count");
        assertThat(detail.get("data").size()).isEqualTo(5);
        assertThat(detail.at("/data/0/orders.status/value").isTextual()).isTrue();
        assertThat(detail.at("/data/0/orders.count/rendered").isTextual()).isTrue();
    }

    @Test
    void inlineQueryWithoutModelFailsValidation() throws Exception {
        HttpResponse<String> response = send(request("/queries/run/json")
                .header("Authorization", "token " + accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"view\":\"orders\",\"fields\":[\"orders.id\"]}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).at("/errors/0/field").asText()).isEqualTo("model");
    }

    @Test
    void rateLimitFaultSendsRetryAfter() throws Exception {
        String token = accessToken();
        emulator.enqueueFault(Fault.status(Fault.ANY_RUN, 429, Duration.ofSeconds(7)));

        HttpResponse<String> limited = get("/looks/1/run/json", token);
        HttpResponse<String> next = get("/looks/1/run/json", token);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(json(limited).get("message").asText()).isEqualTo("Rate Limit Exceeded");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(emulator.requestCount("/api/4.0/looks/1/run")).isEqualTo(2);
    }

    @Test
    void malformedAfterRowsBreaksTheJson() throws Exception {
        emulator.enqueueFault(Fault.malformedAfterRows("/api/4.0/looks/3/run", 2));

        HttpResponse<String> response = get("/looks/3/run/json", accessToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> MAPPER.readTree(response.body())).isInstanceOf(JacksonException.class);
    }

    @Test
    void cutAfterRowsDropsTheConnection() throws Exception {
        String token = accessToken();
        emulator.enqueueFault(Fault.cutAfterRows(Fault.ANY_RUN, 100));

        assertThatThrownBy(() -> get("/looks/3/run/json", token)).isInstanceOf(IOException.class);
        assertThat(get("/looks/3/run/json?limit=1", token).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredTokensAnswer401() throws Exception {
        String token = accessToken();
        emulator.expireAllTokens();

        assertThat(get("/looks/1", token).statusCode()).isEqualTo(401);
        assertThat(get("/looks/1", accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenExpiringMidRunFailsOnlyTheNextCall() throws Exception {
        String token = accessToken();
        emulator.enqueueFault(Fault.expireTokenAfterRows(Fault.ANY_RUN, 10));

        HttpResponse<String> run = get("/looks/3/run/json?limit=50", token);

        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(json(run).size()).isEqualTo(50);
        assertThat(get("/looks/3/run/json?limit=50", token).statusCode()).isEqualTo(401);
    }

    @Test
    void malformedBodyFaultIsNotJson() throws Exception {
        emulator.enqueueFault(Fault.malformedBody("/api/4.0/looks/2"));

        HttpResponse<String> response = get("/looks/2", accessToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThatThrownBy(() -> MAPPER.readTree(response.body())).isInstanceOf(JacksonException.class);
    }

    @Test
    void shortTokenTtlIsAnnouncedAndEnforced() throws Exception {
        emulator.tokenTtl(Duration.ofSeconds(1));
        JsonNode login = json(login(emulator.clientId(), emulator.clientSecret()));
        String token = login.get("access_token").asText();

        assertThat(login.get("expires_in").asLong()).isEqualTo(1);
        assertThat(get("/user", token).statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().atLeast(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3))
                .until(() -> get("/user", token).statusCode() == 401);
    }

    private static String accessToken() throws Exception {
        return json(login(emulator.clientId(), emulator.clientSecret())).get("access_token").asText();
    }

    private static HttpResponse<String> login(String clientId, String clientSecret) throws Exception {
        return send(request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + clientId + "&client_secret=" + clientSecret))
                .build());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path).header("Authorization", "token " + token).build());
    }

    private static HttpResponse<String> post(String path, String json, String token) throws Exception {
        return send(request(path).header("Authorization", "token " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/4.0" + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
