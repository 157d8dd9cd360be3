package io.github.lookernats.camel.looker.client;

import java.security.MessageDigest;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/** Running SHA-256 over the canonical bytes of each row: the result fingerprint. */
final class RowDigest {

    private final MessageDigest digest = DigestUtils.getSha256Digest();

    void add(byte[] canonicalRow) {
        digest.update(canonicalRow);
    }

    /** The digest so far; reading it does not end it. */
    String hex() {
        try {
            return Hex.encodeHexString(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
