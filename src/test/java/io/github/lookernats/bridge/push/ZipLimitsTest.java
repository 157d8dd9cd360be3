package io.github.lookernats.bridge.push;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.camel.looker.client.InputLimitException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Each zip limit on its own, with the others out of the way (the zip bombs of {@code HostileInputTest} stop at the
 * compression ratio first). Random bytes barely compress, so the ratio never decides here.
 */
class ZipLimitsTest {

    static final PushProperties.Limits LIMITS = new PushProperties.Limits(2, DataSize.ofKilobytes(512), DataSize.ofKilobytes(768),
            100, 1000, DataSize.ofMegabytes(1), DataSize.ofKilobytes(256), DataSize.ofBytes(0));

    @Test
    void aZipWithinEveryLimitPasses() {
        assertThatCode(() -> ZipLimits.check(zip(400 * 1024, 300 * 1024), LIMITS)).doesNotThrowAnyException();
    }

    @Test
    void moreFilesThanAllowedAreRefused() {
        assertThatThrownBy(() -> ZipLimits.check(zip(10, 10, 10), LIMITS)).isInstanceOf(InputLimitException.class)
                .hasMessageContaining("more than 2 files").hasMessageContaining("max-zip-entries");
    }

    @Test
    void aFileThatInflatesPastItsLimitIsRefused() {
        assertThatThrownBy(() -> ZipLimits.check(zip(600 * 1024), LIMITS)).isInstanceOf(InputLimitException.class)
                .hasMessageContaining("max-inflated-entry-size");
    }

    @Test
    void filesThatInflatePastTheTotalLimitTogetherAreRefused() {
        assertThatThrownBy(() -> ZipLimits.check(zip(500 * 1024, 500 * 1024), LIMITS)).isInstanceOf(InputLimitException.class)
                .hasMessageContaining("max-inflated-size");
    }

    /** A zip of CSV files of random printable bytes, of the given sizes. */
    private static ByteArrayInputStream zip(int... sizes) throws IOException {
        Random random = new Random(42);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < sizes.length; i++) {
                zip.putNextEntry(new ZipEntry("tile-" + i + ".csv"));
                byte[] content = new byte[sizes[i]];
                for (int j = 0; j < content.length; j++) {
                    content[j] = (byte) (33 + random.nextInt(90));
                }
                zip.write(content);
                zip.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
