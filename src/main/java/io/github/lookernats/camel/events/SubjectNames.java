package io.github.lookernats.camel.events;

import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/** Builds NATS subjects from Looker names, which may contain characters that would split or wildcard a subject. */
public final class SubjectNames {

    /** A configured subject token: no dots, wildcards or whitespace. */
    public static final String TOKEN_PATTERN = "[^.*>\\s]+";
    public static final String TOKEN_MESSAGE = "must be one subject token: no '.', '*', '>' or whitespace";

    // ASCII only: NATS tooling, permissions and other clients handle non-ASCII subjects unevenly
    private static final Pattern UNSAFE = Pattern.compile("[.*>\\s\\p{Cntrl}]|[^\\x21-\\x7E]");

    private SubjectNames() {}

    /** Longest token the bridge makes: NATS refuses a control line past 4 KB, and tools show subjects in one line. */
    public static final int MAX_TOKEN_LENGTH = 100;

    /**
     * Replaces {@code .}, {@code *}, {@code >}, whitespace, control and non-ASCII characters with {@code _}; a longer
     * name than {@value #MAX_TOKEN_LENGTH} characters keeps its start and gets a short hash of the whole, so two long
     * names stay two tokens.
     */
    public static String token(String value) {
        if (value == null || value.isBlank()) {
            return "_";
        }
        String token = UNSAFE.matcher(value.strip()).replaceAll("_");
        if (token.length() <= MAX_TOKEN_LENGTH) {
            return token;
        }
        return token.substring(0, MAX_TOKEN_LENGTH - 9) + "_" + DigestUtils.sha256Hex(value).substring(0, 8);
    }

    /** Refuses a configured token that is blank or would split or wildcard a subject. */
    public static String requireToken(String name, String value) {
        if (value == null || !value.matches(TOKEN_PATTERN)) {
            throw new IllegalArgumentException(name + " " + TOKEN_MESSAGE + ", not '" + value + "'");
        }
        return value;
    }

    public static String subject(String prefix, String model, String explore, String suffix) {
        return prefix + "." + token(model) + "." + token(explore) + "." + suffix;
    }
}
