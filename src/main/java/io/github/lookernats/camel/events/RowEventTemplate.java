package io.github.lookernats.camel.events;

import io.cloudevents.CloudEvent;
import io.github.lookernats.camel.run.ResultRow;
import io.nats.client.impl.Headers;
import java.security.MessageDigest;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What the row events of one run have in common, worked out once per run. The CloudEvents SDK writes the run's
 * attributes (type, source, time, extensions, content type) into NATS headers once; each row then adds only its
 * own {@code id}, {@code subject} and {@code Nats-Msg-Id}, and its id's SHA-256 continues from the run's prefix.
 * Building and writing a whole CloudEvent per row took a quarter of the publishing thread (docs/benchmarks.md).
 */
final class RowEventTemplate {

    private final String subject;
    private final Headers shared;
    private final MessageDigest idPrefix;

    /**
     * @param runAttributes an event carrying the attributes every row event of the run shares; its id is replaced
     * @param subject the subject the rows go to
     * @param idPrefix what every row id covers before the row's own position and content
     */
    RowEventTemplate(CloudEvent runAttributes, String subject, String idPrefix) {
        this.subject = subject;
        this.shared = new Headers(new NatsMessageEventWriter(subject).writeBinary(runAttributes).headers(), true);
        this.idPrefix = DigestUtils.updateDigest(DigestUtils.getSha256Digest(), idPrefix);
    }

    /** The row's event: the run's headers plus the row's id (position and content) and subject (its index). */
    PreparedEvent event(ResultRow row, byte[] body) {
        Headers headers = NatsMessageEventWriter.withIdAndSubject(shared, id(row), Long.toString(row.index()));
        return new PreparedEvent(subject, headers, body);
    }

    /** SHA-256 over destination, source, position and content: the same row published again is a duplicate. */
    private String id(ResultRow row) {
        MessageDigest digest = copyOfPrefix();
        DigestUtils.updateDigest(digest, row.index() + "|" + row.part() + "|");
        return Hex.encodeHexString(DigestUtils.updateDigest(digest, row.canonicalJson()).digest());
    }

    private MessageDigest copyOfPrefix() {
        try {
            return (MessageDigest) idPrefix.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 provider cannot copy a digest", e);
        }
    }
}
