package io.github.lookernats.bridge.push;

import io.github.lookernats.bridge.outbound.AllowedOrigins;
import java.net.URI;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The form of a delivery that is kept in a dead letter, for 30 days and for whoever may read the stream: without the
 * Action Hub {@code data} values (integration secrets, OAuth state; the names stay) and without the one-time token of
 * a {@code download_url}. A letter that lost something says so in {@code redacted}, and is not replayed.
 */
final class StoredDelivery {

    static final String REDACTED = "[redacted]";

    private StoredDelivery() {}

    /** A copy of the envelope fit for storage; the paths it redacted are added to {@code input.redacted}. */
    static JsonNode of(JsonNode envelope, ObjectNode input) {
        ObjectNode copy = ((ObjectNode) envelope).deepCopy(); // value nodes are shared, not copied
        ArrayNode redacted = input.arrayNode();
        if (copy.get("data") instanceof ObjectNode data && !data.isEmpty()) {
            data.propertyNames().forEach(name -> data.put(name, REDACTED));
            redacted.add("data");
        }
        if (copy.get("scheduled_plan") instanceof ObjectNode plan && plan.path("download_url").isString()) {
            plan.put("download_url", withoutToken(plan.path("download_url").asString()));
            redacted.add("scheduled_plan.download_url");
        }
        if (!redacted.isEmpty()) {
            input.set("redacted", redacted);
        }
        return copy;
    }

    /** The URL's origin, enough to tell where it pointed; its path and query hold the one-time token. */
    private static String withoutToken(String url) {
        try {
            return AllowedOrigins.describe(URI.create(url)) + "/" + REDACTED;
        } catch (IllegalArgumentException notAUrl) {
            return REDACTED;
        }
    }
}
