package io.github.lookernats.bridge.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each provider against a stub that speaks its wire format: lookups, pagination, auth and errors. */
class DirectoryProvidersTest {

    static final ScimStub SCIM = new ScimStub();
    static final OktaStub OKTA = new OktaStub();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @AfterAll
    static void stop() {
        SCIM.close();
        OKTA.close();
    }

    @BeforeEach
    void clear() {
        SCIM.clear();
        OKTA.clear();
    }

    @Test
    void scimFindsTheUserAndPagesThroughTheirGroups() {
        DirectoryUser alice = scim(staticToken(SCIM.scimUrl())).findByEmail("alice@example.com").orElseThrow();

        assertThat(alice.id()).isEqualTo("u-alice");
        assertThat(alice.groups()).containsExactly("analytics-emea", "data-platform", "everyone");
        assertThat(SCIM.requestCount("/scim/v2/Groups")).as("three groups, two per page").isEqualTo(2);
    }

    @Test
    void scimCanMatchOnEmailsAndReportsUnknownUsers() {
        IdentityProperties.Directory settings = new IdentityProperties.Directory(URI.create(SCIM.scimUrl()),
                ScimStub.STATIC_TOKEN, null, null, null, null, "emails");
        assertThat(scim(settings).findByEmail("bob@example.com").orElseThrow().groups()).containsExactly("everyone", "finance");
        assertThat(scim(settings).findByEmail("nobody@example.com")).isEmpty();
    }

    @Test
    void scimClientCredentialsTokenIsCachedAndRenewedAfterA401() {
        IdentityProperties.Directory settings = new IdentityProperties.Directory(URI.create(SCIM.scimUrl()), null,
                URI.create(SCIM.tokenUrl()), ScimStub.CLIENT_ID, ScimStub.CLIENT_SECRET, "scim.read", "userName");
        Directory directory = scim(settings);

        directory.findByEmail("alice@example.com");
        directory.findByEmail("bob@example.com");
        assertThat(SCIM.requestCount("/oauth2/token")).isEqualTo(1);

        SCIM.revokeTokens();
        assertThat(directory.findByEmail("carol@example.com")).isPresent();
        assertThat(SCIM.requestCount("/oauth2/token")).isEqualTo(2);
    }

    @Test
    void scimErrorsMeanUnavailable() {
        Directory directory = scim(staticToken(SCIM.scimUrl()));
        for (int status : new int[] {429, 500, 503}) {
            SCIM.failNext(status, 1);
            assertThatThrownBy(() -> directory.findByEmail("alice@example.com"))
                    .isInstanceOf(IdentityUnavailableException.class).hasMessageContaining("answered " + status);
        }
        Directory wrongToken = scim(new IdentityProperties.Directory(URI.create(SCIM.scimUrl()), "wrong", null, null, null, null, "userName"));
        assertThatThrownBy(() -> wrongToken.findByEmail("alice@example.com")).hasMessageContaining("answered 401");
    }

    @Test
    void scimThatDoesNotAnswerInTimeIsUnavailable() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Directory directory = new ScimDirectory(staticToken("http://127.0.0.1:" + silent.getLocalPort()),
                    new DirectoryHttp("SCIM directory", HTTP, MAPPER, Credentials.of(staticToken(SCIM.scimUrl()), "Bearer", HTTP, MAPPER, TIMEOUT),
                            Duration.ofMillis(300)));
            assertThatThrownBy(() -> directory.findByEmail("alice@example.com")).isInstanceOf(IdentityUnavailableException.class);
        }
    }

    @Test
    void oktaFindsTheUserAndFollowsTheLinkHeader() {
        DirectoryUser alice = okta(OktaStub.API_TOKEN).findByEmail("alice@example.com").orElseThrow();

        assertThat(alice.id()).isEqualTo("00ualice");
        assertThat(alice.groups()).containsExactly("analytics-emea", "data-platform", "everyone");
        assertThat(OKTA.requestCount("/api/v1/users/00ualice/groups")).isEqualTo(2);
        assertThat(okta(OktaStub.API_TOKEN).findByEmail("nobody@example.com")).isEmpty();
    }

    @Test
    void oktaRefusalsAndRateLimitsMeanUnavailable() {
        assertThatThrownBy(() -> okta("wrong").findByEmail("alice@example.com"))
                .isInstanceOf(IdentityUnavailableException.class).hasMessageContaining("401").hasMessageContaining("E0000011");
        OKTA.failNext(429, 1);
        assertThatThrownBy(() -> okta(OktaStub.API_TOKEN).findByEmail("alice@example.com")).hasMessageContaining("429");
    }

    @Test
    void staticFileMapsEmailsToGroups() throws Exception {
        Path file = Files.createTempFile("directory", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                users:
                  Alice@Example.com:
                    groups: [analytics-emea, everyone]
                """);
        Directory directory = new StaticDirectory(file);
        assertThat(directory.findByEmail("alice@example.com").orElseThrow().groups()).containsExactly("analytics-emea", "everyone");
        assertThat(directory.findByEmail("bob@example.com")).isEmpty();

        Files.writeString(file, "people: []\n");
        assertThatThrownBy(() -> new StaticDirectory(file)).hasMessageContaining("needs a 'users:' map");
    }

    private static IdentityProperties.Directory staticToken(String url) {
        return new IdentityProperties.Directory(URI.create(url), ScimStub.STATIC_TOKEN, null, null, null, null, "userName");
    }

    private static Directory scim(IdentityProperties.Directory settings) {
        return new ScimDirectory(settings, new DirectoryHttp("SCIM directory", HTTP, MAPPER,
                Credentials.of(settings, "Bearer", HTTP, MAPPER, TIMEOUT), TIMEOUT));
    }

    private static Directory okta(String token) {
        IdentityProperties.Directory settings = new IdentityProperties.Directory(URI.create(OKTA.baseUrl()), token, null, null, null, null, "userName");
        return new OktaDirectory(settings, new DirectoryHttp("Okta", HTTP, MAPPER, Credentials.of(settings, "SSWS", HTTP, MAPPER, TIMEOUT), TIMEOUT));
    }
}
