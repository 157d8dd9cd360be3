package io.github.lookernats.camel.looker.client;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how the Looker client reaches Looker's API 4.0. The bridge application makes it from
 * {@code bridge.looker.*}; the {@code looker} component on its own, from its options and {@link #withDefaults}.
 *
 * @param baseUrl the Looker instance, without {@code /api/4.0}
 * @param tokenRefreshLag log in again this long before a token runs out
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout longest wait for a response to start
 * @param readIdleTimeout longest wait for the next bytes of a result
 * @param resultTimeout longest time to read one result
 * @param queryTask how a query task is waited for
 */
public record LookerApi(URI baseUrl, Duration tokenRefreshLag, Duration connectTimeout, Duration requestTimeout,
        Duration readIdleTimeout, Duration resultTimeout, QueryTaskTiming queryTask) {

    /**
     * @param firstCheck wait before the first status check; each later wait doubles
     * @param maxCheckInterval longest wait between two status checks
     * @param timeout how long a task may take before it is killed
     */
    public record QueryTaskTiming(Duration firstCheck, Duration maxCheckInterval, Duration timeout) {}

    /** The defaults of {@code bridge.looker.*} for this Looker. */
    public static LookerApi withDefaults(URI baseUrl) {
        return new LookerApi(baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofHours(1),
                new QueryTaskTiming(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(10)));
    }

    /**
     * One absolute http(s) URL of a host, nothing else: a list joined by commas, user info, a query or a fragment
     * would make every call go wrong, or somewhere else.
     */
    public static boolean isOneHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null
                && url.getRawUserInfo() == null && url.getRawQuery() == null && url.getRawFragment() == null
                && !url.toString().contains(",");
    }

    /** The absolute URI of an API 4.0 path such as {@code /looks/42}. */
    public URI api(String pathAndQuery) {
        return URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/4.0" + pathAndQuery);
    }
}
