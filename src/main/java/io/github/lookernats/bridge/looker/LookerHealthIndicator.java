package io.github.lookernats.bridge.looker;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
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

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("baseUrl", properties.baseUrl().toString());
        session.token();
        builder.up().withDetail("lastLoginAt", String.valueOf(session.lastLoginAt()));
    }
}
