package io.github.lookernats.camel.looker.client;

import io.github.lookernats.camel.looker.client.Utf8Check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Well-formed UTF-8 passes whole and in any chunking; each kind of malformed sequence is refused. */
class Utf8CheckTest {

    @Test
    void wellFormedTextPassesWholeAndByteByByte() throws Exception {
        byte[] text = "ASCII, é, 大阪, 🚀, 👩‍👩‍👧, \u200fשלום, e\u0301, U+FFFF \uffff, U+10FFFF \udbff\udfff"
                .getBytes(StandardCharsets.UTF_8);
        Utf8Check.check(text);
        try (InputStream in = Utf8Check.checking(new ByteArrayInputStream(text))) {
            int b;
            int count = 0;
            while ((b = in.read()) >= 0) {
                count++;
            }
            assertThat(count).isEqualTo(text.length);
        }
    }

    @Test
    void malformedSequencesAreRefused() {
        assertRefused(bytes(0xC0, 0xAF), "overlong");           // '/' in two bytes
        assertRefused(bytes(0xE0, 0x80, 0xAF), "overlong");     // '/' in three
        assertRefused(bytes(0xF0, 0x80, 0x80, 0xAF), "overlong");
        assertRefused(bytes(0xED, 0xA0, 0x80), "not a Unicode scalar value"); // U+D800, a surrogate
        assertRefused(bytes(0xF4, 0x90, 0x80, 0x80), "not a Unicode scalar value"); // above U+10FFFF
        assertRefused(bytes(0x80), "cannot start");
        assertRefused(bytes(0xFF), "cannot start");
        assertRefused(bytes(0xE6, 0x97), "ends inside");
        assertRefused(bytes(0xE6, 0x41), "cut short");
    }

    private static void assertRefused(byte[] bytes, String problem) {
        byte[] framed = new byte[bytes.length + 2];
        framed[0] = 'a';
        System.arraycopy(bytes, 0, framed, 1, bytes.length);
        framed[framed.length - 1] = 'z';
        boolean cutAtEnd = problem.equals("ends inside");
        byte[] input = cutAtEnd ? java.util.Arrays.copyOf(framed, framed.length - 1) : framed;
        assertThatThrownBy(() -> Utf8Check.check(input)).isInstanceOf(Utf8Check.MalformedUtf8Exception.class)
                .hasMessageContaining(problem).hasMessageContaining("at byte");
        assertThatThrownBy(() -> Utf8Check.checking(new ByteArrayInputStream(input)).readAllBytes())
                .isInstanceOf(Utf8Check.MalformedUtf8Exception.class);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
