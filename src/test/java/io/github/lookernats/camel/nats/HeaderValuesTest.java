package io.github.lookernats.camel.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.impl.Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever text a header carries, jnats takes the value the bridge makes of it. */
class HeaderValuesTest {

    @Test
    void everyValueBecomesOneJnatsTakes() {
        List<String> hostile = List.of("plain", "Zoë", "大阪 🚀", "line\r\nInjected: yes", "tab\tand\u0000nul",
                "lone \ud800 surrogate", "\udc00", "100%", "x".repeat(10_000), "é".repeat(5_000));
        for (String value : hostile) {
            String safe = HeaderValues.bounded(value);

            assertThat(safe.length()).isLessThanOrEqualTo(HeaderValues.MAX_LENGTH);
            assertThat(safe.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
            new Headers().put("Bridge-Error", safe); // jnats refuses invalid values with an exception
        }
    }

    @Test
    void encodingIsUtf8PercentEncodingAndCutsNeverSplitAnEscape() {
        assertThat(HeaderValues.percentEncoded("Zoë")).isEqualTo("Zo%C3%AB");
        assertThat(HeaderValues.percentEncoded("a\r\nb")).isEqualTo("a%0D%0Ab");
        assertThat(HeaderValues.percentEncoded("\ud800")).isEqualTo("?");
        assertThat(HeaderValues.percentEncoded("50%")).isEqualTo("50%25");
        String cut = HeaderValues.bounded("a" + "é".repeat(1_000));
        assertThat(cut).matches("a(%C3%A9)+(%C3)?");
    }
}
