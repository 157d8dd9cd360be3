package io.github.lookernats.bridge.access;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code POST /access/nats-credentials}: NATS user credentials for the holder of an OIDC bearer token, signed with an
 * account signing key (docs/access-control.md, "Operator mode"). Off while {@code issuer-uri} is unset.
 *
 * @param issuerUri the identity provider's issuer; its keys are found through its discovery document. Setting it
 *     switches the endpoint on, and needs {@code bridge.access.enabled=true}
 * @param audience the {@code aud} a token must name to be taken
 * @param expiryMargin a token that expires within this time is refused, so credentials never come from a token
 *     about to die
 * @param clockSkew leeway for the token's {@code exp} and {@code nbf} against this machine's clock
 * @param maxTokenSize longest bearer token taken; longer ones are refused before any parsing
 * @param providerTimeout longest wait for the provider's discovery document or keys
 * @param groupsFrom where the caller's groups come from: {@code claim} (the token) or {@code directory} (the identity
 *     provider of {@code bridge.identity.provider}, looked up by {@code lookup-claim})
 * @param groupsClaim the token claim holding the caller's groups, for {@code groups-from: claim}
 * @param lookupClaim the token claim whose value is looked up in the directory ({@code email}, or {@code sub} when
 *     the subject is the directory's login)
 * @param account the public key ({@code A...}) of the NATS account the users belong to
 * @param signingKeyFile a file holding the seed ({@code SA...}) of a signing key listed in that account's JWT; read
 *     again when it changes
 * @param signingKeyCheckInterval how often, at most, the signing key file is checked for a change
 * @param ttl how long issued credentials are valid when the request asks for nothing else
 * @param maxTtl the longest validity a request may ask for ({@code ?ttl=<seconds>})
 */
@Validated
@ConfigurationProperties("bridge.access.credentials")
public record CredentialsProperties(
        URI issuerUri,
        String audience,
        @DefaultValue("5m") @NotNull Duration expiryMargin,
        @DefaultValue("60s") @NotNull Duration clockSkew,
        @DefaultValue("8KB") @NotNull DataSize maxTokenSize,
        @DefaultValue("5s") @NotNull Duration providerTimeout,
        @DefaultValue("claim") @NotNull GroupsFrom groupsFrom,
        @DefaultValue("groups") @NotBlank String groupsClaim,
        @DefaultValue("email") @NotBlank String lookupClaim,
        String account,
        Path signingKeyFile,
        @DefaultValue("5s") @NotNull Duration signingKeyCheckInterval,
        @DefaultValue("1h") @NotNull Duration ttl,
        @DefaultValue("12h") @NotNull Duration maxTtl) {

    public enum GroupsFrom { CLAIM, DIRECTORY }

    /** Whether the endpoint is switched on. */
    public boolean configured() {
        return issuerUri != null;
    }

    @AssertTrue(message = "bridge.access.credentials.issuer-uri needs audience, account and signing-key-file")
    public boolean isComplete() {
        return !configured() || (audience != null && !audience.isBlank() && account != null && !account.isBlank()
                && signingKeyFile != null);
    }

    @AssertTrue(message = "bridge.access.credentials.ttl must be positive and at most max-ttl")
    public boolean isTtlWithinMax() {
        return !ttl.isNegative() && !ttl.isZero() && ttl.compareTo(maxTtl) <= 0;
    }
}
