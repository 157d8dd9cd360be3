package io.github.lookernats.bridge.access;

import io.nats.client.NKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account signing key, read from its file and read again when the file's modification time changes (checked at
 * most once per interval), so an operator can replace the key without a restart. A file that cannot be read or holds
 * no account seed keeps the last good key and logs why, never the content.
 * <p>
 * Kept on its own so that it can later use the bridge's generic secret-file rotation instead of its own check.
 */
final class AccountSigningKey {

    private static final Logger LOG = LoggerFactory.getLogger(AccountSigningKey.class);

    /** A loaded key and its public key, which names it in audit records. */
    record Loaded(NKey key, String publicKey) {}

    private final Path file;
    private final Duration checkInterval;
    private final Clock clock;
    private Loaded current;
    private FileTime loadedModified;
    private Instant nextCheck = Instant.MIN;

    /** Reads the key once: a missing or wrong file stops start-up. */
    AccountSigningKey(Path file, Duration checkInterval, Clock clock) {
        this.file = file;
        this.checkInterval = checkInterval;
        this.clock = clock;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            this.current = read(file);
            this.loadedModified = modified;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("bridge.access.credentials.signing-key-file " + file
                    + " must hold the seed of an account signing key (SA...): " + e.getClass().getSimpleName(), e);
        }
    }

    synchronized Loaded current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return current;
        }
        nextCheck = now.plus(checkInterval);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedModified)) {
                Loaded replacement = read(file);
                LOG.info("Account signing key {} replaced by {} from {}", current.publicKey(), replacement.publicKey(), file);
                current = replacement;
                loadedModified = modified;
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not read the account signing key file {} ({}); still signing with {}", file,
                    e.getClass().getSimpleName(), current.publicKey());
        }
        return current;
    }

    private static Loaded read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(bytes));
        char[] seed = trim(chars); // the NKey keeps this array: not cleared here
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        try {
            NKey key = NKey.fromSeed(seed);
            if (key.getType() != NKey.Type.ACCOUNT) {
                throw new IllegalArgumentException("not an account key");
            }
            return new Loaded(key, new String(key.getPublicKey()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable seed", e);
        }
    }

    private static char[] trim(CharBuffer chars) {
        int start = 0;
        int end = chars.limit();
        while (start < end && Character.isWhitespace(chars.get(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(chars.get(end - 1))) {
            end--;
        }
        char[] seed = new char[end - start];
        chars.position(start);
        chars.get(seed);
        return seed;
    }
}
