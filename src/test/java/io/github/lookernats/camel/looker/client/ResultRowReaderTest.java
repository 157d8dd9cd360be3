package io.github.lookernats.camel.looker.client;


import io.github.lookernats.camel.looker.ResultFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the streaming reader refuses to publish as data. */
class ResultRowReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLookerErrorRowIsAQueryErrorNotData() {
        ResultRowReader reader = reader("[{\"looker_error\": \"SQL Error: Unknown column 'orders.statuz'\"}]");

        assertThatThrownBy(reader::hasNext).isInstanceOf(LookerRequestException.class)
                .hasMessageContaining("Looker reported a query error: SQL Error: Unknown column 'orders.statuz'");
        assertThat(reader.rowCount()).isZero();
        assertThat(reader.finished()).isFalse();
    }

    @Test
    void aRowWithMoreFieldsIsDataEvenWithThatName() {
        ResultRowReader reader = reader("[{\"looker_error\": \"x\", \"orders.id\": 1}]");

        assertThat(reader.next().index()).isZero();
        assertThat(reader.hasNext()).isFalse();
        assertThat(reader.finished()).isTrue();
    }

    @Test
    void lookersQueryErrorMessagesAreFoundInEachBodyShape() {
        assertThat(LookerErrors.queryError("{\"data\": [], \"errors\": [{\"message\": \"Unknown column\"}]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Unknown column");
        assertThat(LookerErrors.queryError("[{\"looker_error\": \"SQL Error\"}]".getBytes(StandardCharsets.UTF_8))).isEqualTo("SQL Error");
        assertThat(LookerErrors.queryError("{\"message\": \"Bad query\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("Bad query");
    }

    private static ResultRowReader reader(String json) {
        return new ResultRowReader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ResultFormat.JSON, JSON);
    }
}
