package io.github.lookernats.bridge.looker;

import io.github.lookernats.camel.looker.client.LookerSession;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP when the bridge holds (or can obtain) a Looker access token. Logs in only when the token is due. */
@Component("looker")
public class LookerHealthIndicator extends AbstractHealthIndicator {

    private final LookerSession session;
    private final LookerProperties properties;

    public LookerHealthIndicator(LookerSession session, LookerProperties properties) {
        super("Looker login failed");
        this.session = session;
        this.properties = properties;
    }

    /**
     * The last known state, never a login of its own: health is polled often, and unauthenticated, so it must not
     * turn into calls to Looker.
     */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("baseUrl", properties.baseUrl().toString())
                .withDetail("lastLoginAt", String.valueOf(session.lastLoginAt()));
        String failure = session.lastFailure();
        if (failure != null) {
            builder.down().withDetail("lastFailure", failure);
        } else if (session.lastLoginAt() == null) {
            builder.unknown().withDetail("note", "no Looker call yet");
        } else {
            builder.up();
        }
    }
}
