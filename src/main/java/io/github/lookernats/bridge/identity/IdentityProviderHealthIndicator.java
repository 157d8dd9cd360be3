package io.github.lookernats.bridge.identity;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The identity provider's state from the last lookup a run made ({@link DirectoryState}): DOWN while lookups fail,
 * UNKNOWN before the first. Not part of readiness: an unavailable provider delays runs, it does not stop pushes.
 */
public class IdentityProviderHealthIndicator extends AbstractHealthIndicator {

    private final DirectoryState state;
    private final IdentityProperties properties;

    public IdentityProviderHealthIndicator(DirectoryState state, IdentityProperties properties) {
        super("Identity provider check failed");
        this.state = state;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("provider", properties.provider().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("lastAnswerAt", String.valueOf(state.lastAnswerAt()));
        switch (state.up()) {
            case 1 -> builder.up();
            case 0 -> builder.down().withDetail("lastFailure", state.lastFailure())
                    .withDetail("lastFailureAt", String.valueOf(state.lastFailureAt()));
            default -> builder.unknown().withDetail("note", "no lookup yet");
        }
    }
}
