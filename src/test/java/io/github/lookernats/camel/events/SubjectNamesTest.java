package io.github.lookernats.camel.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Subject tokens are single, safe and bounded, whatever Looker calls a model, an explore or a schedule. */
class SubjectNamesTest {

    @Test
    void unsafeCharactersBecomeUnderscores() {
        assertThat(SubjectNames.token("inventory items")).isEqualTo("inventory_items");
        assertThat(SubjectNames.token("a.b*c>d")).isEqualTo("a_b_c_d");
        assertThat(SubjectNames.token("Sales — Year\r\nto Date")).isEqualTo("Sales___Year__to_Date");
        assertThat(SubjectNames.token(" ")).isEqualTo("_");
    }

    @Test
    void longNamesAreBoundedAndStayDistinct() {
        String first = "x".repeat(5_000) + "a";
        String second = "x".repeat(5_000) + "b";

        String one = SubjectNames.token(first);
        String two = SubjectNames.token(second);

        assertThat(one).hasSize(SubjectNames.MAX_TOKEN_LENGTH).matches("[x]{91}_[0-9a-f]{8}");
        assertThat(two).hasSize(SubjectNames.MAX_TOKEN_LENGTH).isNotEqualTo(one);
        assertThat(SubjectNames.token("y".repeat(SubjectNames.MAX_TOKEN_LENGTH))).isEqualTo("y".repeat(SubjectNames.MAX_TOKEN_LENGTH));
        assertThat(SubjectNames.subject("looker", first, second, "row").length()).isLessThan(220);
    }
}
