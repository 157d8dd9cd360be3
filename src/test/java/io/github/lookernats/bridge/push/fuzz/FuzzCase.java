package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.JSON;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One request.
 *
 * @param target {@code webhook}, or the action name ({@code nats}, {@code nats_stream}, an unknown one)
 * @param expectedRefusal the status the request asks for by construction (wrong token, content type, action,
 *     size), or null
 * @param expectedRows rows an unmutated delivery holds, or -1
 */
record FuzzCase(int index, String base, List<String> steps, String target, String contentType,
        Map<String, String> headers, byte[] body, String expectedRefusal, long expectedRows, Served served,
        boolean emulatorDownload) {

    boolean webhook() {
        return target.equals("webhook");
    }

    /** Whether the rows are JSON inside the envelope (not a text attachment nor a download). */
    boolean inlineJson() {
        try {
            JsonNode envelope = JSON.readTree(body);
            JsonNode attachment = envelope.path("attachment");
            return attachment.isObject() && attachment.hasNonNull("data") ? attachment.get("data").isContainer()
                    : envelope.path("data").isContainer();
        } catch (JacksonException e) {
            return false;
        }
    }

    String path() {
        return webhook() ? "/looker/webhook" : "/looker/action-hub/actions/" + target + "/execute";
    }

    /** The dead-letter route, or null where no letter can be written (unknown action). */
    String route() {
        return webhook() ? "looker-webhook" : target.equals("nats") || target.equals("nats_stream") ? "action-" + target : null;
    }
}
