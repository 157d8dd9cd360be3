package io.github.lookernats.bridge.looker;

import io.github.lookernats.camel.looker.client.InputLimitException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** The row, cell and column limits, each tried on its own with a table just past it and one just within it. */
class CsvRowSourceTest {

    static final CsvLimits LIMITS = new CsvLimits(20, 64 * 1024, 8 * 1024);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tablesWithinTheLimitsAreRead() {
        String csv = "a,b\n" + "x".repeat(8 * 1024) + ",1\n";
        assertThat(rows(csv)).isEqualTo(1);
    }

    @Test
    void aRowLongerThanTheLimitIsRefusedBeforeItIsHeld() {
        // cells each within the cell limit, together well past the row limit (and the parser's read-ahead)
        String row = String.join(",", java.util.Collections.nCopies(15, "y".repeat(8_000)));
        assertThatThrownBy(() -> rows("a\n" + row + "\n")).isInstanceOf(InputLimitException.class)
                .hasMessageContaining("max-row-size");
    }

    @Test
    void aCellLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> rows("a,b\n\"" + "z".repeat(9 * 1024) + "\",1\n")).isInstanceOf(InputLimitException.class)
                .hasMessageContaining("max-cell-size");
    }

    @Test
    void aRowWithMoreColumnsThanTheLimitIsRefused() {
        assertThatThrownBy(() -> rows("a\n" + "1,".repeat(21) + "1\n")).isInstanceOf(InputLimitException.class)
                .hasMessageContaining("22 columns").hasMessageContaining("max-columns");
    }

    private static long rows(String csv) {
        CsvRowSource source = new CsvRowSource(List.of(new CsvRowSource.Part(null, new StringReader(csv))).iterator(), JSON, LIMITS);
        while (source.hasNext()) {
            source.next();
        }
        return source.rowCount();
    }
}
