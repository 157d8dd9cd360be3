package io.github.lookernats.bridge.poll;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Reloading route files while the bridge runs (a ConfigMap update, say). A changed file is checked as at start-up
 * and as {@code --lint-routes} checks it before any route changes; a refused change leaves the running routes as
 * they are and shows in the log and in health ({@code routeFiles}).
 *
 * @param enabled check the route files for changes and apply the good ones
 * @param interval how often the files are compared with what was loaded (a ConfigMap volume changes by swapping a
 *     symbolic link, which file events do not always report, so the contents are compared)
 */
@Validated
@ConfigurationProperties("bridge.routes.reload")
public record RouteReloadProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("10s") @NotNull @DurationUnit(java.time.temporal.ChronoUnit.SECONDS) Duration interval) {

    @jakarta.validation.constraints.AssertTrue(message = "interval must be at least 100ms")
    public boolean isIntervalSensible() {
        return interval == null || interval.toMillis() >= 100;
    }
}
