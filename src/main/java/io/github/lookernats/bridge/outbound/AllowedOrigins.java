package io.github.lookernats.bridge.outbound;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins ({@code scheme://host:port}) the bridge may fetch from. A URL that comes with a push is input: without
 * this check it could point the bridge at its own actuator, at NATS, or at anything on the internal network.
 */
public final class AllowedOrigins {

    private final Set<String> origins;

    private AllowedOrigins(Set<String> origins) {
        this.origins = origins;
    }

    /** Origins from URLs such as {@code https://acme.looker.com} (a path is ignored). */
    public static AllowedOrigins of(List<URI> urls) {
        return new AllowedOrigins(urls.stream().map(AllowedOrigins::origin).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether the URL is absolute http(s), carries no user info, and has one of the allowed origins. */
    public boolean allows(URI url) {
        if (url == null || !url.isAbsolute() || url.getRawUserInfo() != null || url.getHost() == null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return false;
        }
        return origins.contains(origin(url));
    }

    /** {@code scheme://host:port} in lower case, with the scheme's default port written out. */
    static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** The URL's origin only, for logs: a path or query may carry a one-time token. */
    public static String describe(URI url) {
        return url == null ? "?" : origin(url);
    }

    @Override
    public String toString() {
        return origins.stream().sorted().collect(Collectors.joining(", "));
    }
}
