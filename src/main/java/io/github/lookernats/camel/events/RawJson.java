package io.github.lookernats.camel.events;

import tools.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * JSON that is already serialised (a row's canonical bytes, a run's identity block), for
 * {@link tools.jackson.core.JsonGenerator#writeRawValue(SerializableString)}: Jackson's UTF-8 generator then
 * copies the bytes as they are. Jackson's own {@code SerializedString} starts from a {@code String}, which would
 * decode and re-encode every row. Raw JSON is never written as a quoted string, so the quoting methods refuse.
 */
final class RawJson implements SerializableString {

    private final byte[] utf8;

    RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    @Override
    public String getValue() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return utf8.clone();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + utf8.length > buffer.length) {
            return -1; // the generator then writes asUnquotedUTF8() through its slower path
        }
        System.arraycopy(utf8, 0, buffer, offset, utf8.length);
        return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        char[] chars = getValue().toCharArray();
        if (offset + chars.length > buffer.length) {
            return -1;
        }
        System.arraycopy(chars, 0, buffer, offset, chars.length);
        return chars.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(utf8);
        return utf8.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (utf8.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(utf8);
        return utf8.length;
    }

    @Override
    public char[] asQuotedChars() {
        throw notAString();
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw notAString();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw notAString();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw notAString();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw notAString();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw notAString();
    }

    private static UnsupportedOperationException notAString() {
        return new UnsupportedOperationException("raw JSON is written as it is, never as a quoted string");
    }
}
