package io.github.lookernats.bridge.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;

/** Reads a stream one stored message at a time, by sequence: the admin endpoints' paging. */
public final class StreamMessages {

    private StreamMessages() {}

    /**
     * The first message at or after {@code sequence} on {@code subject} (wildcards allowed), or null when there is
     * none, or no such stream. The server skips the other subjects, so a narrow filter reads little.
     */
    public static MessageInfo next(JetStreamManagement jsm, String stream, long sequence, String subject) throws IOException {
        try {
            return jsm.getNextMessage(stream, sequence, subject);
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() == 404) {
                return null;
            }
            throw new IOException("reading the stream " + stream + " failed: " + e.getMessage(), e);
        }
    }
}
