package io.github.lookernats.bridge.access;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.lookernats.bridge.support.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.ObjectMapper;

/**
 * A real OIDC provider for the tests: Spring Authorization Server in a Spring context of its own, on a free port, with
 * its own RSA key (published as its JWKS), issuing client-credentials access tokens. Each client's tokens carry the
 * groups, audience, email and lifetime of its {@link Client} entry.
 */
final class OidcTestProvider implements AutoCloseable {

    /**
     * @param id client id (its secret is {@code <id>-secret})
     * @param groups the {@code groups} claim
     * @param audience the {@code aud} claim; null leaves Spring Authorization Server's default (the client id)
     * @param email the {@code email} claim, or null
     * @param lifetime how long its tokens live
     */
    record Client(String id, List<String> groups, String audience, String email, Duration lifetime, boolean emailVerified) {

        /** A client whose email, if it has one, is verified. */
        Client(String id, List<String> groups, String audience, String email, Duration lifetime) {
            this(id, groups, audience, email, lifetime, true);
        }
    }

    private final AnnotationConfigServletWebServerApplicationContext context;
    private final RSAKey key;
    private final String issuer;

    private OidcTestProvider(AnnotationConfigServletWebServerApplicationContext context, RSAKey key, String issuer) {
        this.context = context;
        this.key = key;
        this.issuer = issuer;
    }

    static OidcTestProvider start(List<Client> clients) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            int port = FreePorts.next();
            String issuer = "http://127.0.0.1:" + port;
            AnnotationConfigServletWebServerApplicationContext context = new AnnotationConfigServletWebServerApplicationContext();
            context.registerBean("providerKey", RSAKey.class, () -> key);
            context.registerBean("providerClients", Clients.class, () -> new Clients(clients));
            context.registerBean("providerTomcat", TomcatServletWebServerFactory.class, () -> {
                TomcatServletWebServerFactory tomcat = new TomcatServletWebServerFactory(port);
                tomcat.setAddress(java.net.InetAddress.getLoopbackAddress());
                tomcat.setRegisterDefaultServlet(true); // the endpoints are filters: Tomcat needs a servlet to route to
                return tomcat;
            });
            context.registerBean("providerSettings", AuthorizationServerSettings.class,
                    () -> AuthorizationServerSettings.builder().issuer(issuer).build());
            context.register(ProviderConfiguration.class);
            context.refresh();
            return new OidcTestProvider(context, key, issuer);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the OIDC test provider", e);
        }
    }

    String issuer() {
        return issuer;
    }

    /** An access token for a client, from the token endpoint (client_credentials, client_secret_basic). */
    String token(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).path("access_token").asString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with the provider's own key (so its signature is good) carrying whatever claims a test needs. */
    String signWithProviderKey(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    /** A token whose signature does not match: signed by another key that claims the provider key's id. */
    String signWithForeignKey(JWTClaimsSet claims) {
        try {
            return sign(claims, new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey signer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    record Clients(List<Client> all) {
        Client byId(String id) {
            return all.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        }
    }

    /** A test configuration, so that the bridge's component scan (which reaches test classes) leaves it out. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class ProviderConfiguration {

        @Bean
        SecurityFilterChain provider(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(server -> server.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()));
            return http.build();
        }

        @Bean
        com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> jwkSource(RSAKey providerKey) {
            return new ImmutableJWKSet<>(new JWKSet(providerKey));
        }

        /** For the provider's own userinfo endpoint, which OIDC switches on. */
        @Bean
        JwtDecoder providerDecoder(RSAKey providerKey) throws Exception {
            return NimbusJwtDecoder.withPublicKey(providerKey.toRSAPublicKey()).build();
        }

        @Bean
        RegisteredClientRepository registeredClients(Clients clients) {
            return new InMemoryRegisteredClientRepository(clients.all().stream().map(client ->
                    RegisteredClient.withId(client.id())
                            .clientId(client.id())
                            .clientSecret("{noop}" + client.id() + "-secret")
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(client.lifetime()).build())
                            .build()).toList());
        }

        /** Groups, audience and email of each client go into its access tokens. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> claims(Clients clients) {
            return context -> {
                if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                    return;
                }
                Client client = clients.byId(context.getRegisteredClient().getClientId());
                context.getClaims().claim("groups", client.groups());
                if (client.audience() != null) {
                    context.getClaims().audience(List.of(client.audience()));
                }
                if (client.email() != null) {
                    context.getClaims().claim("email", client.email());
                    context.getClaims().claim("email_verified", client.emailVerified());
                }
            };
        }
    }

}
