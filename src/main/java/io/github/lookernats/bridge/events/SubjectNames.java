package io.github.lookernats.bridge.events;

import java.util.regex.Pattern;

/** Builds NATS subjects from Looker names, which may contain characters that would split or wildcard a subject. */
public final class SubjectNames {

    /** A configured subject token: no dots, wildcards or whitespace. */
    public static final String TOKEN_PATTERN = "[^.*>\\s]+";
    public static final String TOKEN_MESSAGE = "must be one subject token: no '.', '*', '>' or whitespace";

    // ASCII only: NATS tooling, permissions and other clients handle non-ASCII subjects unevenly
    private static final Pattern UNSAFE = Pattern.compile("[.*>\\s\\p{Cntrl}]|[^\\x21-\\x7E]");

    private SubjectNames() {}

    /** Replaces {@code .}, {@code *}, {@code >}, whitespace, control and non-ASCII characters with {@code _}. */
    public static String token(String value) {
        if (value == null || value.isBlank()) {
            return "_";
        }
        return UNSAFE.matcher(value.strip()).replaceAll("_");
    }

    public static String subject(String prefix, String model, String explore, String suffix) {
        return prefix + "." + token(model) + "." + token(explore) + "." + suffix;
    }
}
