package io.github.lookernats.bridge.access;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * NATS-enforced access to each team's events (README, "Access control").
 *
 * @param enabled give every team of {@code bridge.identity.groups} its own JetStream stream, sourced from the event
 *     stream with only that team's subjects, so that a team's users can be allowed that stream and nothing else;
 *     needs {@code bridge.identity.team-in-subject=true}
 * @param teamStreamPrefix a team's stream is named {@code <prefix><TEAM>}
 * @param userInboxPrefix each issued user gets its own reply subjects, {@code <prefix>.<user>.>}, so that no user
 *     can read the replies (JetStream messages among them) sent to another
 */
@Validated
@ConfigurationProperties("bridge.access")
public record AccessProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("LOOKER_TEAM_") @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]+") String teamStreamPrefix,
        @DefaultValue("_INBOX") @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]+") String userInboxPrefix) {}
