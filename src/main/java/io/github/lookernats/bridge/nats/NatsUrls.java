package io.github.lookernats.bridge.nats;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** NATS URLs as they may be shown: {@code nats://user:password@host} carries credentials, which health and logs must not. */
public final class NatsUrls {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]*@");

    private NatsUrls() {}

    /** The URL with any user info replaced by {@code ***@}; null stays null. */
    public static String masked(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("***@");
    }

    public static List<String> masked(Collection<String> urls) {
        return urls.stream().map(NatsUrls::masked).toList();
    }
}
