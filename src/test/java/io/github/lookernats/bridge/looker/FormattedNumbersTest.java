package io.github.lookernats.bridge.looker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Only cells that are plainly numbers become numbers; the rest stays text. */
class FormattedNumbersTest {

    @Test
    void plainAndFormattedNumbers() {
        assertThat(FormattedNumbers.parse("17,769,563")).isEqualByComparingTo("17769563");
        assertThat(FormattedNumbers.parse("$1.92")).isEqualByComparingTo("1.92");
        assertThat(FormattedNumbers.parse("-$3.50")).isEqualByComparingTo("-3.50");
        assertThat(FormattedNumbers.parse("-3.5")).isEqualByComparingTo("-3.5");
    }

    @Test
    void whatIsNotPlainlyANumberStaysText() {
        for (String text : new String[] {"34.03K", "0.26%", "2024-06-30", "-$-5", "-€+1", "1,23", "", "abc", "1e5"}) {
            assertThat(FormattedNumbers.parse(text)).as(text).isNull();
        }
        assertThat(FormattedNumbers.parse("9".repeat(FormattedNumbers.MAX_LENGTH + 1))).as("past the length limit").isNull();
        assertThat(FormattedNumbers.parse("9".repeat(FormattedNumbers.MAX_LENGTH))).isEqualTo(new BigDecimal("9".repeat(FormattedNumbers.MAX_LENGTH)));
    }
}
