package io.github.lookernats.camel.looker.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms such as {@code C0 AF} for '/', no
 * surrogates, nothing above U+10FFFF, no cut sequence. Jackson's byte parser and lenient decoders accept some of
 * these and turn them into other characters; a value must arrive as Looker sent it, or be refused as malformed.
 * Kept state lets it check a stream chunk by chunk.
 */
public final class Utf8Check {

    private long position;
    private int needed;
    private int codePoint;
    private int minimum;

    /** Checks the next bytes of the stream; throws at the first byte that cannot be UTF-8. */
    public void update(byte[] bytes, int offset, int length) throws MalformedUtf8Exception {
        for (int i = offset; i < offset + length; i++, position++) {
            int b = bytes[i];
            if (needed == 0) {
                if (b >= 0) {
                    continue; // ASCII: the common case
                }
                b &= 0xFF;
                if (b >= 0xC2 && b <= 0xDF) {
                    start(1, b & 0x1F, 0x80);
                } else if (b >= 0xE0 && b <= 0xEF) {
                    start(2, b & 0x0F, 0x800);
                } else if (b >= 0xF0 && b <= 0xF4) {
                    start(3, b & 0x07, 0x10000);
                } else if (b == 0xC0 || b == 0xC1) {
                    throw new MalformedUtf8Exception(position, "an overlong UTF-8 form (byte " + hex(b) + ")");
                } else {
                    throw new MalformedUtf8Exception(position, "byte " + hex(b) + " cannot start a UTF-8 character");
                }
            } else {
                b &= 0xFF;
                if ((b & 0xC0) != 0x80) {
                    throw new MalformedUtf8Exception(position, "a UTF-8 character is cut short before byte " + hex(b));
                }
                codePoint = codePoint << 6 | (b & 0x3F);
                if (--needed == 0 && (codePoint < minimum || codePoint > 0x10FFFF
                        || (codePoint >= 0xD800 && codePoint <= 0xDFFF))) {
                    throw new MalformedUtf8Exception(position, codePoint < minimum ? "an overlong UTF-8 form"
                            : "U+" + Integer.toHexString(codePoint).toUpperCase() + " is not a Unicode scalar value");
                }
            }
        }
    }

    /** The end of the input: a character still open is cut. */
    public void finish() throws MalformedUtf8Exception {
        if (needed > 0) {
            throw new MalformedUtf8Exception(position, "the input ends inside a UTF-8 character");
        }
    }

    /** Checks a whole array. */
    public static void check(byte[] bytes) throws MalformedUtf8Exception {
        Utf8Check check = new Utf8Check();
        check.update(bytes, 0, bytes.length);
        check.finish();
    }

    /** A stream that checks what is read through it. */
    public static InputStream checking(InputStream in) {
        Utf8Check check = new Utf8Check();
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    check.finish();
                } else {
                    check.update(buffer, offset, n);
                }
                return n;
            }
        };
    }

    private void start(int continuation, int bits, int min) {
        needed = continuation;
        codePoint = bits;
        minimum = min;
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    /** Bytes that are not UTF-8; the input is refused as malformed. */
    public static class MalformedUtf8Exception extends IOException {
        public MalformedUtf8Exception(long position, String problem) {
            super("not valid UTF-8 at byte " + position + ": " + problem);
        }
    }
}
