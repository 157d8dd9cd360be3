package io.github.lookernats.bridge.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Refusal log lines: capped per minute, and request values cannot break out of their line. */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTest {

    @Test
    void aFloodOfRefusalsLogsOnlyTheMinutesShare(CapturedOutput output) {
        RefusalLog log = new RefusalLog(LoggerFactory.getLogger("refusal-log-test"), 5);

        for (int i = 0; i < 1_000; i++) {
            log.warn("refused #{}", i);
        }

        assertThat(output.getAll().lines().filter(line -> line.contains("refused #"))).hasSize(5);
    }

    @Test
    void requestValuesLoseTheirControlCharactersAndLength() {
        assertThat(RefusalLog.safe("a\r\nFORGED 2026 INFO\u001b[31m")).isEqualTo("a??FORGED 2026 INFO?[31m");
        assertThat(RefusalLog.safe("x".repeat(10_000))).hasSize(RefusalLog.MAX_VALUE_LENGTH + 1).endsWith("…");
        assertThat(RefusalLog.safe(null)).isEqualTo("null");
    }
}
