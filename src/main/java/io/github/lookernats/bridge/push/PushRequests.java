package io.github.lookernats.bridge.push;

import io.github.lookernats.bridge.secrets.SecretFile;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every push endpoint checks before a delivery is looked at: auth, content type and size. */
public final class PushRequests {

    private static final Pattern ACTION_HUB_TOKEN = Pattern.compile("^[Tt]oken token=\"(.*)\"$");

    private PushRequests() {}

    /** Compares secrets in constant time (hashing first, so not even the length leaks). */
    public static boolean sameSecret(String given, String expected) {
        return SecretFile.sameSecret(given, expected);
    }

    /** The secret in {@code Authorization: Token token="..."}, or null. */
    static String actionHubToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher matcher = ACTION_HUB_TOKEN.matcher(authorization.strip());
        return matcher.matches() ? matcher.group(1) : null;
    }

    /**
     * Whether the content type is {@code application/json} as a media type, parameters allowed ({@code charset}):
     * {@code application/jsonp}, {@code application/json-seq} or a malformed type are not JSON deliveries.
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json");
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    /** Reads at most {@code limit} bytes; a longer body is rejected with 413 without reading it all. */
    static byte[] boundedBody(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared, limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(-1, limit);
            }
            return body;
        }
    }

    private static DeliveryRejectedException tooLarge(long declared, long limit) {
        return new DeliveryRejectedException(413, "the body " + (declared >= 0 ? "(" + declared + " bytes) " : "")
                + "is larger than the limit of " + limit + " bytes (bridge.push.max-body-size); "
                + "for big results use an action with the streaming 'url' download setting");
    }
}
