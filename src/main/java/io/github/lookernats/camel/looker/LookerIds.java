package io.github.lookernats.camel.looker;

import java.util.regex.Pattern;

/**
 * Looker's id forms, checked before an id goes into an API path. Ids from a push or a route file are input: an id
 * such as {@code 1/../../users/1} must never become a different call made with the bridge's token. A valid id is
 * ASCII letters and digits only, so it is always exactly one path segment.
 */
public final class LookerIds {

    /** Numeric ids (Looks, users, scheduled plans, query tasks are digits in API 4.0; 19 digits fit a long). */
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,19}");
    /** Query ids are numeric or a slug such as {@code aogBgL6o3cKK1jN3RoZl5s}; query task ids are hex strings. */
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9]{1,64}");

    private LookerIds() {}

    /** A Look, user or scheduled plan id as a path segment; otherwise {@link InvalidLookerIdException}. */
    public static String numeric(String what, String id) {
        if (id == null || !NUMERIC.matcher(id).matches()) {
            throw new InvalidLookerIdException(what, id);
        }
        return id;
    }

    /** A query id (digits or slug), or a query task id, as a path segment; otherwise {@link InvalidLookerIdException}. */
    public static String slug(String what, String id) {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw new InvalidLookerIdException(what, id);
        }
        return id;
    }

    public static boolean isNumeric(String id) {
        return id != null && NUMERIC.matcher(id).matches();
    }

    public static boolean isSlug(String id) {
        return id != null && SLUG.matcher(id).matches();
    }

    /** An id that is not of Looker's forms; the message shows only a short, printable excerpt of it. */
    public static class InvalidLookerIdException extends IllegalArgumentException {
        public InvalidLookerIdException(String what, String id) {
            super(what + " is not a Looker id (digits, or letters and digits for a query slug): "
                    + (id == null ? "none" : "\"" + excerpt(id) + "\""));
        }

        private static String excerpt(String id) {
            String printable = id.codePoints().limit(40)
                    .map(c -> c >= 0x20 && c < 0x7F ? c : '?')
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return id.length() > 40 ? printable + "…" : printable;
        }
    }
}
