package io.github.lookernats.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import io.nats.client.NKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code groups-from: directory}: the caller's groups come from the identity provider's directory (here the static
 * one), looked up by the token's {@code email}, not from a claim of the token. A token whose holder the directory does
 * not know, or that has no email, gets 403.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.routes-include-pattern=classpath:routes/identity.camel.yaml",
        "bridge.identity.provider=static",
        "bridge.identity.static-file=src/test/resources/identity/dev-directory.yaml",
        "bridge.identity.team-in-subject=true",
        "bridge.identity.groups[0].group=analytics-emea",
        "bridge.identity.groups[0].team=a",
        "bridge.identity.groups[1].group=finance",
        "bridge.identity.groups[1].team=b",
        "bridge.access.enabled=true",
        "bridge.access.credentials.audience=" + NatsCredentialsFromDirectoryTest.AUDIENCE,
        "bridge.access.credentials.groups-from=directory",
        "bridge.access.credentials.lookup-claim=email"})
@DirtiesContext
class NatsCredentialsFromDirectoryTest {

    static final String AUDIENCE = "looker-nats-bridge";
    static final NatsTestServer NATS = NatsTestServer.start();
    static final LookerEmulator LOOKER = LookerEmulator.start();
    // the token's groups claim says "finance"; the directory says alice is in analytics-emea: the directory wins
    static final OidcTestProvider OIDC = OidcTestProvider.start(List.of(
            new OidcTestProvider.Client("alice-service", List.of("finance"), AUDIENCE, "alice@example.com", Duration.ofHours(1)),
            new OidcTestProvider.Client("stranger", List.of("finance"), AUDIENCE, "stranger@example.com", Duration.ofHours(1)),
            new OidcTestProvider.Client("no-email", List.of("finance"), AUDIENCE, null, Duration.ofHours(1)),
            new OidcTestProvider.Client("unverified", List.of("finance"), AUDIENCE, "alice@example.com", Duration.ofHours(1), false)));
    static final NKey ACCOUNT = account();
    static final Path SIGNING_KEY = signingKeyFile();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, NATS, LOOKER);
        registry.add("bridge.access.credentials.issuer-uri", OIDC::issuer);
        registry.add("bridge.access.credentials.account", () -> new String(publicKey(ACCOUNT)));
        registry.add("bridge.access.credentials.signing-key-file", SIGNING_KEY::toString);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void shutDown() {
        OIDC.close();
        LOOKER.close();
        NATS.close();
        TempFiles.deleteRecursively(SIGNING_KEY.getParent());
    }

    @Test
    void theDirectoryGivesTheGroupsOfTheTokensEmail() throws Exception {
        HttpResponse<String> response = request(OIDC.token("alice-service"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue(CredentialsController.STREAMS)).hasValue("LOOKER_TEAM_A");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(Issued.of(response).jwt().split("\\.")[1]));
        assertThat(claims.path("nats").path("sub").path("allow").toString())
                .contains("looker.a.>").doesNotContain("looker.b.>");
    }

    @Test
    void aHolderTheDirectoryDoesNotKnowGets403() throws Exception {
        HttpResponse<String> response = request(OIDC.token("stranger"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("directory does not know");
    }

    @Test
    void aTokenWithoutTheLookupClaimGets403() throws Exception {
        HttpResponse<String> response = request(OIDC.token("no-email"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("has no email claim");
    }

    @Test
    void anUnverifiedEmailIsNotLookedUp() throws Exception {
        HttpResponse<String> response = request(OIDC.token("unverified"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("not verified");
    }

    private HttpResponse<String> request(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + CredentialsController.PATH))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static NKey account() {
        try {
            return NKey.createAccount(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static char[] publicKey(NKey key) {
        try {
            return key.getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The account's own key signs here; the server is not in operator mode, so no account JWT has to list it. */
    private static Path signingKeyFile() {
        try {
            Path dir = Files.createTempDirectory("signing-key-");
            Path file = dir.resolve("account.nk");
            Files.writeString(file, new String(ACCOUNT.getSeed()));
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
