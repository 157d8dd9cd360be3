package io.github.lookernats.bridge.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;

/** Reads a secret file and compares secrets, without ever putting a secret into a message. */
public final class SecretFile {

    private SecretFile() {}

    /** The file's bytes; a clear message naming the file and the setting when it cannot be read. */
    static byte[] read(Path file, String setting) {
        if (Files.isDirectory(file)) {
            throw new IllegalStateException("The secret file " + file + " (" + setting + ") is a directory, not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("The secret file " + file + " (" + setting + ") cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The text of a secret file without its trailing line break, as Spring's configtree reads it. */
    static String text(byte[] content) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    static byte[] sha256(byte[] content) {
        return DigestUtils.sha256(content);
    }

    /** Compares secrets in constant time (hashing first, so not even the length leaks). */
    public static boolean sameSecret(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(DigestUtils.sha256(given), DigestUtils.sha256(expected));
    }
}
