package io.github.lookernats.bridge.identity;

import io.github.lookernats.camel.events.SubjectNames;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who owns each result: the Looker owner, looked up in the identity provider, mapped to a team and access labels.
 *
 * @param provider {@code none} (owner only), {@code static} (a mapping file), {@code scim} (SCIM 2.0) or {@code okta}
 * @param ownerFormat {@code email}, or {@code sha256} to carry a hash of the email instead
 * @param onUnavailable when the provider is down after retries: {@code dead-letter} the run, or
 *     {@code publish-unresolved} with {@code identity.resolved=false} and the reason
 * @param onUnknown when the owner is unknown or maps to no team: {@code dead-letter} or {@code publish-unresolved}
 * @param teamInSubject insert the team as a subject token: {@code looker.<team>.<model>.<explore>.row}
 * @param timeout longest wait for one provider call
 * @param retries retries of a failed lookup (timeouts, 429, 5xx) before the {@code onUnavailable} policy applies
 * @param retryDelay first delay between retries; doubles each time
 * @param cache caching of lookups, found and not found
 * @param groups provider group → team and audience labels; the first matching entry gives the team
 * @param staticFile for {@code static}: the mapping file
 * @param scim for {@code scim}: the SCIM 2.0 directory
 * @param okta for {@code okta}: the Okta org
 */
@Validated
@ConfigurationProperties("bridge.identity")
public record IdentityProperties(
        @DefaultValue("none") @NotNull Provider provider,
        @DefaultValue("email") @NotNull OwnerFormat ownerFormat,
        @DefaultValue("dead-letter") @NotNull Policy onUnavailable,
        @DefaultValue("publish-unresolved") @NotNull Policy onUnknown,
        @DefaultValue("false") boolean teamInSubject,
        @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue("3") @Min(0) int retries,
        @DefaultValue("500ms") @NotNull Duration retryDelay,
        @DefaultValue @Valid @NotNull Cache cache,
        @DefaultValue List<@Valid GroupMapping> groups,
        String staticFile,
        @Valid Directory scim,
        @Valid Directory okta) {

    public enum Provider { NONE, STATIC, SCIM, OKTA }

    public enum OwnerFormat { EMAIL, SHA256 }

    public enum Policy { DEAD_LETTER, PUBLISH_UNRESOLVED }

    /**
     * @param ttl how long a found user is kept
     * @param negativeTtl how long "not found" is kept
     * @param maxSize most users kept
     */
    public record Cache(
            @DefaultValue("10m") @NotNull Duration ttl,
            @DefaultValue("1m") @NotNull Duration negativeTtl,
            @DefaultValue("10000") @Min(1) long maxSize) {}

    /**
     * @param group the provider's group name (SCIM {@code displayName}, Okta {@code profile.name})
     * @param team the team that owns data of this group's members
     * @param audience access labels, e.g. {@code emea}
     * @param reads teams whose events members of this group may read besides their own team's, when NATS enforces
     *     access ({@code bridge.access}); empty by default
     */
    public record GroupMapping(
            @NotBlank String group,
            @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String team,
            @DefaultValue List<String> audience,
            @DefaultValue List<@Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String> reads) {}

    /**
     * A directory reached over HTTP.
     *
     * @param baseUrl SCIM base URL (e.g. {@code https://idp.example.com/scim/v2}) or Okta org URL
     *     ({@code https://acme.okta.com})
     * @param apiToken a static token: sent as {@code Bearer} to SCIM, as {@code SSWS} to Okta
     * @param tokenUrl for OAuth2 client credentials instead: the token endpoint
     * @param clientId OAuth2 client id
     * @param clientSecret OAuth2 client secret
     * @param scope OAuth2 scope, if the provider needs one (Okta: {@code okta.users.read okta.groups.read})
     * @param lookupBy SCIM only: match the Looker email against {@code userName} or {@code emails}
     */
    public record Directory(
            @NotNull URI baseUrl,
            String apiToken,
            URI tokenUrl,
            String clientId,
            String clientSecret,
            String scope,
            @DefaultValue("userName") @Pattern(regexp = "userName|emails") String lookupBy) {

        @AssertTrue(message = "set either api-token or token-url with client-id and client-secret")
        public boolean isAuthConfigured() {
            boolean token = apiToken != null && !apiToken.isBlank();
            boolean oauth = tokenUrl != null && clientId != null && !clientId.isBlank() && clientSecret != null;
            return token ^ oauth;
        }
    }

    @AssertTrue(message = "the chosen provider needs its settings: bridge.identity.static-file, .scim or .okta")
    public boolean isProviderConfigured() {
        return switch (provider) {
            case NONE -> true;
            case STATIC -> staticFile != null && !staticFile.isBlank();
            case SCIM -> scim != null;
            case OKTA -> okta != null;
        };
    }
}
