package io.github.lookernats.bridge.poll;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code routeFiles} in health: DOWN while a change of the route files is refused (the routes loaded before keep
 * running, and the details say why), UP otherwise. Not in the readiness group: the bridge still serves.
 */
@Component
public class RouteFilesHealthIndicator implements HealthIndicator {

    private final RouteFileReloader reloader;

    public RouteFilesHealthIndicator(RouteFileReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public Health health() {
        RouteFileReloader.Refusal refusal = reloader.refusal();
        if (refusal != null) {
            return Health.down()
                    .withDetail("refusedAt", refusal.at().toString())
                    .withDetail("problems", refusal.problems().subList(0, Math.min(20, refusal.problems().size())))
                    .withDetail("running", "the routes loaded before the refused change")
                    .build();
        }
        Health.Builder up = Health.up().withDetail("reload", reloader.enabled() ? "on" : "off");
        if (reloader.lastApplied() != null) {
            up.withDetail("lastReload", reloader.lastApplied().toString());
        }
        return up.build();
    }
}
