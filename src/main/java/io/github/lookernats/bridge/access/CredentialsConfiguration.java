package io.github.lookernats.bridge.access;

import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.identity.IdentityResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.NKey;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Switches on {@code POST /access/nats-credentials} when {@code bridge.access.credentials.issuer-uri} is set; without
 * it there is no such endpoint. A half-done configuration stops start-up with a message.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "bridge.access.credentials", name = "issuer-uri")
public class CredentialsConfiguration {

    @Bean
    CredentialsController credentialsController(CredentialsProperties properties, AccessProperties access,
            IdentityProperties identity, IdentityResolver directory, TeamAccess teams, AuditTrail audit,
            ObjectMapper json, MeterRegistry meters) {
        check(properties, access, identity);
        Clock clock = Clock.systemUTC();
        AccountSigningKey signingKey = new AccountSigningKey(properties.signingKeyFile(),
                properties.signingKeyCheckInterval(), clock);
        return new CredentialsController(
                new BearerTokenVerifier(decoder(properties, clock), properties.maxTokenSize().toBytes()),
                new CallerGroups(properties, directory), teams,
                new UserCredentialsIssuer(properties.account(), signingKey, teams, json, clock),
                audit, new CredentialRefusals(audit, meters), properties);
    }

    /** Keys come from the issuer's discovery document; the decoder caches them and refetches for an unknown key id. */
    private static NimbusJwtDecoder decoder(CredentialsProperties properties, Clock clock) {
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(properties.providerTimeout());
        http.setReadTimeout(properties.providerTimeout());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri().toString())
                .restOperations(new RestTemplate(http))
                .build();
        decoder.setJwtValidator(new TokenChecks(properties, clock));
        return decoder;
    }

    private static void check(CredentialsProperties properties, AccessProperties access, IdentityProperties identity) {
        if (!access.enabled()) {
            throw new IllegalStateException("bridge.access.credentials.issuer-uri needs bridge.access.enabled=true: "
                    + "credentials are scoped to the team streams it creates");
        }
        if (!NKey.isValidPublicAccountKey(properties.account().toCharArray())) {
            throw new IllegalStateException("bridge.access.credentials.account must be an account's public key (A...)");
        }
        if (properties.groupsFrom() == CredentialsProperties.GroupsFrom.DIRECTORY
                && identity.provider() == IdentityProperties.Provider.NONE) {
            throw new IllegalStateException("bridge.access.credentials.groups-from=directory needs "
                    + "bridge.identity.provider (static, scim or okta)");
        }
    }
}
