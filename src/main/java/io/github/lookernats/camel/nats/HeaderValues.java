package io.github.lookernats.camel.nats;

import java.nio.charset.StandardCharsets;

/**
 * NATS header values are printable ASCII: jnats refuses anything else (non-ASCII, CR, LF). Every value the bridge
 * writes passes through here, so no error text or pushed string can make a message invalid.
 */
public final class HeaderValues {

    /** Longest value the bridge writes, after encoding; headers are for filtering, the body has the whole text. */
    public static final int MAX_LENGTH = 1024;

    private HeaderValues() {}

    /**
     * Like the CloudEvents HTTP binding: anything that is not printable ASCII, and {@code %} itself, is
     * percent-encoded as UTF-8.
     */
    public static String percentEncoded(String value) {
        if (isPlainAscii(value)) {
            return value;
        }
        // a lone surrogate has no UTF-8 form: the encoder writes '?', which is then plain like any other '?'
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length + 16);
        for (byte raw : bytes) {
            int b = raw & 0xFF;
            boolean plain = b >= 0x20 && b <= 0x7E && b != '%';
            encoded.append(plain ? String.valueOf((char) b) : String.format("%%%02X", b));
        }
        return encoded.toString();
    }

    /** Percent-encoded and cut to {@link #MAX_LENGTH}, never inside an escape. */
    public static String bounded(String value) {
        String encoded = percentEncoded(value);
        if (encoded.length() <= MAX_LENGTH) {
            return encoded;
        }
        int end = MAX_LENGTH;
        int escape = encoded.lastIndexOf('%', end - 1);
        if (escape > end - 3) {
            end = escape;
        }
        return encoded.substring(0, end);
    }

    private static boolean isPlainAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '%') {
                return false;
            }
        }
        return true;
    }
}
